/**
 * Customer email templates (the `Templates` tab: `Kind` · `Subject` · `Body`).
 *
 * Templates are plain text with mustache `{{placeholders}}`. `renderTemplate` gives three parts:
 * - `subject`: one line, values as they are;
 * - `text`: the plain-text part, values as they are;
 * - `html`: the plain-text part with EVERYTHING HTML-escaped (values and the template's own words, so
 *   neither a customer's name nor a template edit can inject markup), blank-line paragraphs as `<p>`,
 *   runs of `- ` lines as a `<ul>` list, other line breaks as `<br>`. `{{{triple}}}` placeholders give
 *   no way around the escaping.
 *
 * Placeholders (TemplateData):
 *   {{customer}}       the name the customer is greeted by: the first name on the order, as the agents' reply
 *                      greets them (`greetingName`; "there" when blank)
 *   {{orderId}}        the order number ('' when it would read as a date: write "order{{#orderId}} {{orderId}}{{/orderId}}")
 *   {{#items}}…{{/items}}  one block per open backordered line, with {{product}}, {{sku}}, {{quantity}}
 *                      (units still to come), {{eta}} (that line's hedged arrival phrase), {{reason}} (the
 *                      item's customer-safe Inventory `Delay reason`; blank: DEFAULT_DELAY_REASON) and {{alternative}}
 *                      (an in-stock alternative's name: its Alternatives, else the same Product line; '' when none);
 *                      {{#ready}}…{{/ready}} shows only for a line whose every unit is set aside and being prepared
 *                      (listed in a delay notice beside the lines still waiting), {{^ready}}…{{/ready}} for the others
 *   {{#partOfOrder}}…{{/partOfOrder}}  shows only when some of the order is not on backorder ("Part of your
 *                      order"); {{^partOfOrder}}…{{/partOfOrder}} when all of it is
 *   {{eta}}            outside the items block: the phrase of the order's first (oldest) line
 *   {{itemCount}}      number of lines listed; {{#several}}…{{/several}} shows only when more than one
 *   {{supportPhone}}   Settings › Support phone ({{#supportPhone}}…{{/supportPhone}} hides a sentence when blank)
 *   {{senderName}}     Settings › Sender name
 *   {{cancelIn}}       the consent request: when the lines are cancelled without an answer, in words ("in about
 *                      two weeks", from the real deadline; never a date); "in a few weeks" in other emails
 *   {{message}}        an extra note (the manager's text of an extended stock-out update; why a line was
 *                      cancelled, in the cancellation email; blank otherwise)
 *   Shipment emails (kind `Shipped`) also have:
 *   {{#parcel}}…{{/parcel}}  one block per item in this parcel: {{product}}, {{sku}}, {{quantity}}, {{carrier}},
 *                      {{tracking}} and {{trackingUrl}} (the carrier's tracking page for UPS, USPS, FedEx, DHL; a
 *                      link in the HTML part)
 *   {{#shippedEarlier}}…{{/shippedEarlier}}  items that left before this parcel: {{product}}, {{quantity}}
 *   {{#followsSeparately}}…{{/followsSeparately}}  items not delayed (never on backorder, in stock) that will
 *                      follow in a parcel of their own: {{product}}, {{quantity}}
 *   {{#hasEarlier}}…{{/hasEarlier}}, {{#hasToCome}}…{{/hasToCome}}, {{#hasFollowing}}…{{/hasFollowing}}  show only
 *                      when there are such items
 *   {{#complete}}…{{/complete}} / {{^complete}}…{{/complete}}  everything is on its way / some is still to come
 *   (in a shipment email `{{#items}}` lists what is still to come, with its hedged {{eta}})
 *
 * Sheet values are free text ("Black Friday Roast", a customer called "Mar 3 Ltd"), so every value is
 * screened with `dateFree` before it is rendered: a product name that would put a date or weekday in
 * front of a customer becomes its SKU, else "one of your items"; a customer name becomes "there"; an
 * order number is left out (the default texts say "your order" then); a sender name becomes the default
 * "Customer Care"; a support phone is left out. The extra `message` is the manager's own text and is
 * checked where it is written (src/core/stockOut.ts), not replaced here.
 *
 * `Back in stock` (the good news) fills {{eta}} of each item with "it is being prepared to ship, and we'll send
 * your tracking number as soon as your package is out the door" (src/core/packing.ts `beingPreparedPhrase`).
 *
 * The default texts follow the house rules of docs/design.md: a hedged arrival phrase (never a date), and always the
 * customer's options: keep waiting, take an in-stock alternative, or cancel for a full refund. Delay notices say
 * what the US mail-order rule asks (`delayNoticeGaps`). The day-30 notice asks the customer to confirm they still
 * want to wait; the consent request asks again, and the cancellation confirms what was cancelled.
 */
import Mustache from 'mustache';
import { customerSenderName, customerSupportPhone, dateFree, finishedEmailDates, greetingName } from './customerText';

export interface TemplateItem {
  product: string;
  sku: string;
  /** Units still to come. */
  quantity: number;
  /** The hedged arrival phrase (src/core/eta.ts), lower case, no final stop. */
  eta: string;
  /** The item's customer-safe `Delay reason` ('' or absent: DEFAULT_DELAY_REASON). */
  reason?: string;
  /** An in-stock alternative's product name, named in the notice ('' or missing: none in stock). */
  alternative?: string;
  /** Every unit still to come is set aside and being prepared to ship (no delay reason, no alternative). */
  ready?: boolean;
}

export interface TemplateData {
  customer: string;
  orderId: string;
  items: TemplateItem[];
  supportPhone: string;
  senderName: string;
  /** Extra note (extended stock-out update); '' when none. */
  message?: string;
  /** Shipment emails: the items in this parcel. */
  parcel?: ParcelTemplateItem[];
  /** Shipment emails: items that left before this parcel. */
  shippedEarlier?: Array<{ product: string; sku: string; quantity: number }>;
  /** Shipment emails: items not delayed that follow in a parcel of their own (no arrival guess, no reason). */
  followsSeparately?: Array<{ product: string; sku: string; quantity: number }>;
  /** Shipment emails: nothing is left to come. */
  complete?: boolean;
  /** True when only part of the order is on backorder (other lines shipped or in stock). */
  partOfOrder?: boolean;
  /**
   * The consent request: when the lines are cancelled without an answer, in relative words ("in about two weeks",
   * `cancelInWords`); never a date. Blank: "in a few weeks".
   */
  cancelIn?: string;
}

export interface ParcelTemplateItem {
  product: string;
  sku: string;
  quantity: number;
  carrier: string;
  tracking: string;
  /** The carrier's tracking page ('' when unknown); built from the number by src/core/shipments.ts. */
  trackingUrl: string;
}

export interface Template {
  subject: string;
  body: string;
}

export interface TemplateDefinition extends Template {
  kind: string;
}

export interface RenderedTemplate {
  subject: string;
  text: string;
  html: string;
}

/** The reason a notice gives when the item's Inventory `Delay reason` is blank (or would show a date). */
export const DEFAULT_DELAY_REASON = 'our supplier has not been able to send us more yet';

/** "Part of it is" / "It is": `partOfOrder` is true only when some of the order is not on backorder. */
const IT_IS = '{{#partOfOrder}}Part of it is{{/partOfOrder}}{{^partOfOrder}}It is{{/partOfOrder}}';

const OPTIONS = `You have a few options, whichever suits you best:
- Keep waiting: we will ship {{#several}}them{{/several}}{{^several}}it{{/several}} as soon as {{#several}}they are{{/several}}{{^several}}it is{{/several}} ready and keep you posted.
- Switch to an in-stock alternative, such as another size, colour or brand in the same range.
- Cancel the backordered item{{#several}}s{{/several}} at any time until {{#several}}they ship{{/several}}{{^several}}it ships{{/several}}, for a full, prompt refund.`;

/** Each line: what is still to come, the hedged arrival phrase and the reason for the delay. */
const ITEMS = `{{#items}}
- {{product}} ({{quantity}} still to come): {{eta}}.{{^ready}} Reason for the delay: {{reason}}.{{#alternative}} {{alternative}} is in stock now, if you would rather switch.{{/alternative}}{{/ready}}
{{/items}}`;

const PARCEL = `{{#parcel}}
- {{product}} ({{quantity}}){{#carrier}}, sent with {{carrier}}{{/carrier}}{{#tracking}}, tracking number {{tracking}}{{/tracking}}{{#trackingUrl}}: {{trackingUrl}}{{/trackingUrl}}
{{/parcel}}`;

/** The US mail-order rule's "unable to provide a revised shipment date", in our words. */
const NO_DATE = 'We cannot give you a revised shipping date, so the timing above is our best hope, not a promise.';

/** How a customer reaches the shop at no cost to them: a reply, or the support phone when there is one. */
const REPLY = 'just reply to this email{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}}';

const CONTACT = `To choose, or to cancel (it costs you nothing), ${REPLY} and we will take care of it straight away.`;

const SIGN_OFF = `Thank you for your patience,
{{senderName}}`;

function dayBody(opening: string, closing = CONTACT, news = ''): string {
  return `Hi {{customer}},

${opening}

${ITEMS}

${NO_DATE}${news ? `\n\n${news}` : ''}

${OPTIONS}

${closing}

${SIGN_OFF}`;
}

/**
 * The default templates setup writes into the Templates tab (missing kinds only) and jobs fall back to.
 * Every delay notice (the day notices and the consent request) holds what the US mail-order rule asks of a
 * notice with no revised date (see `delayNoticeGaps`); each day notice says something the earlier ones did
 * not: the delay and its reason (day 3), the queue the order is in (day 10), the alternatives (day 17), that
 * we will soon ask whether they want to keep waiting (day 23), and the question itself (day 30).
 */
export const DEFAULT_TEMPLATES: ReadonlyArray<TemplateDefinition> = [
  {
    kind: 'Day 3',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: an update on the item{{#several}}s{{/several}} still to come',
    body: dayBody(
      `Thank you for your order{{#orderId}} {{orderId}}{{/orderId}}. ${IT_IS} on backorder: we will not be able to ship {{#several}}these items{{/several}}{{^several}}this item{{/several}} as quickly as we hoped, and we want you to know why and what you can choose:`,
    ),
  },
  {
    kind: 'Day 10',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: still on its way to us',
    body: dayBody(
      'We are waiting for stock for your order{{#orderId}} {{orderId}}{{/orderId}}, and we are sorry it is taking longer than we would like. Your order is in the queue: when stock arrives, it goes to the customers who have waited longest first. Here is the latest we have:',
    ),
  },
  {
    kind: 'Day 17',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: the latest on your backorder',
    body: dayBody(
      `We wanted to let you know where things stand with your order{{#orderId}} {{orderId}}{{/orderId}}. ${IT_IS} on backorder, and we have not forgotten about you:`,
      CONTACT,
      'If waiting longer does not suit you, an in-stock alternative ships as soon as you say the word; just tell us which one you would like.',
    ),
  },
  {
    kind: 'Day 23',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: thank you for bearing with us',
    body: dayBody(
      `We are sorry that {{#partOfOrder}}part of {{/partOfOrder}}your order{{#orderId}} {{orderId}}{{/orderId}} has been waiting for stock for a few weeks now. Here is where things stand:`,
      CONTACT,
      'If it still has not shipped, we will write to ask whether you would like to keep waiting. There is nothing to do yet, but you may want to think about what suits you best.',
    ),
  },
  {
    kind: 'Day 30',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: do you still want to wait?',
    body: dayBody(
      `It has now been about a month since {{#partOfOrder}}part of {{/partOfOrder}}your order{{#orderId}} {{orderId}}{{/orderId}} went on backorder, and we are sorry for the long wait. Here is the latest we have:`,
      `Could you reply to this email to confirm you still want to wait? If you would rather switch or cancel (cancelling costs you nothing), just say so in your reply{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}} and we will take care of it straight away.`,
    ),
  },
  {
    kind: 'Shipped',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: {{#complete}}everything is on its way{{/complete}}{{^complete}}a parcel is on its way{{/complete}}',
    body: `Hi {{customer}},

{{#complete}}Good news: {{#hasEarlier}}the rest of {{/hasEarlier}}your order{{#orderId}} {{orderId}}{{/orderId}} has left our warehouse, so all items are on their way to you.{{/complete}}{{^complete}}Good news: part of your order{{#orderId}} {{orderId}}{{/orderId}} has left our warehouse and is on its way to you.{{/complete}}

In this parcel:
${PARCEL}

{{#hasEarlier}}
Already sent earlier:
{{#shippedEarlier}}
- {{product}} ({{quantity}})
{{/shippedEarlier}}

{{/hasEarlier}}
{{^complete}}
{{#hasToCome}}
Still to come:
${ITEMS}

{{/hasToCome}}
{{#hasFollowing}}
Following in a parcel of its own:
{{#followsSeparately}}
- {{product}} ({{quantity}})
{{/followsSeparately}}

{{/hasFollowing}}
We will send the rest as soon as it is ready, with its own tracking.{{#hasToCome}} If you would rather not keep waiting for what is delayed, you can switch to an in-stock alternative or cancel it at any time until it ships, for a full, prompt refund (cancelling costs you nothing): ${REPLY} and we will take care of it straight away.{{/hasToCome}}{{^hasToCome}} If anything is not right, ${REPLY}.{{/hasToCome}}
{{/complete}}
{{#complete}}
If anything is not right, ${REPLY}.
{{/complete}}

${SIGN_OFF}`,
  },
  {
    kind: 'Extended stock-out',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: an update on the item{{#several}}s{{/several}} you are waiting for',
    body: `Hi {{customer}},

We wanted to give you an update on the item{{#several}}s{{/several}} you are waiting for on your order{{#orderId}} {{orderId}}{{/orderId}}, and we are sorry for the wait.

{{#message}}
{{message}}

{{/message}}
{{#items}}
- {{product}} ({{quantity}} still to come): {{eta}}.{{#alternative}} {{alternative}} is in stock now, if you would rather switch.{{/alternative}}
{{/items}}

You have a few options, whichever suits you best:
- Keep waiting: we will ship it as soon as it is ready and keep you posted.
- Switch to an in-stock alternative, such as another size, colour or brand in the same range.
- Cancel the backordered item{{#several}}s{{/several}} for a full, prompt refund.

Just reply to this email{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}} and we will take care of it straight away.

${SIGN_OFF}`,
  },
  {
    kind: 'Consent request',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: please tell us whether to keep waiting',
    body: `Hi {{customer}},

${IT_IS.replace('Part of it is', 'Part of your order{{#orderId}} {{orderId}}{{/orderId}} is').replace('It is', 'Your order{{#orderId}} {{orderId}}{{/orderId}} is')} still on backorder, past the time we said we would ship it:

${ITEMS}

${NO_DATE} Because of that, we need your go-ahead to keep {{#several}}these items{{/several}}{{^several}}this item{{/several}} on order:
- To keep waiting, reply to this email{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}} and say so. You can still cancel at any time until {{#several}}they ship{{/several}}{{^several}}it ships{{/several}}, for a full, prompt refund.
- If we do not hear from you, we will cancel the backordered item{{#several}}s{{/several}} {{cancelIn}} and refund you in full within 7 working days.
- You can also switch to an in-stock alternative, or cancel now for a full, prompt refund.

Replying costs you nothing, and we will take care of it straight away.

${SIGN_OFF}`,
  },
  {
    kind: 'Cancelled',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: we have cancelled the backordered item{{#several}}s{{/several}}',
    body: `Hi {{customer}},

{{#message}}{{message}} {{/message}}We have cancelled the item{{#several}}s{{/several}} of your order{{#orderId}} {{orderId}}{{/orderId}} that we could not ship:

{{#items}}
- {{product}} ({{quantity}} cancelled)
{{/items}}

You will get a full refund for {{#several}}them{{/several}}{{^several}}it{{/several}} within 7 working days, to the way you paid.{{#partOfOrder}} The rest of your order is not affected.{{/partOfOrder}}

If you would still like {{#several}}them{{/several}}{{^several}}it{{/several}}, or anything else, just reply to this email{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}}.

We are sorry we could not do better this time,
{{senderName}}`,
  },
  {
    // Good news: every unit the customer waited for on these lines is set aside. Never a date.
    kind: 'Back in stock',
    subject: 'Good news about your order{{#orderId}} {{orderId}}{{/orderId}}: it is being prepared',
    body: `Hi {{customer}},

Good news: {{#several}}the items{{/several}}{{^several}}the item{{/several}} you were waiting for on your order{{#orderId}} {{orderId}}{{/orderId}} {{#several}}are{{/several}}{{^several}}is{{/several}} back in stock and set aside for you:

{{#items}}
- {{product}} ({{quantity}}): {{eta}}.
{{/items}}

Nothing more to do on your side. If you have a question, just reply to this email{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}}.

Thank you for waiting with us,
{{senderName}}`,
  },
];

/**
 * Fingerprints (`templateFingerprint`) of the default texts earlier versions wrote into the Templates tab (test/bundle/
 * earlierDefaultTemplates.json holds them, oldest first): day notices that lacked the US mail-order rule's
 * statements, then texts whose wording was fixed (a day notice read as if the customer had heard from us before, or
 * as if the phone call were free; the consent request said "in a few weeks" whatever the deadline). Set-up replaces
 * such a row, untouched by the shop, with today's default; a row the shop edited is theirs and is kept (and refused
 * with the reason if it leaves a statement out). A change to a default text adds the text it replaces here.
 */
const EARLIER_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  'day 3': ['1ouv9zr', 'p0zse', 'gcjnv9'],
  'day 10': ['1llz9ki', '16raout', '1hd22m7'],
  'day 17': ['fj4l7e', 'q2b0jh', 'hzn2ou'],
  'day 23': ['1rsaqnk', '96an13', 'js45ae'],
  'day 30': ['1homyoc', 'koac7l', '1qnzsi9'],
  shipped: ['qho6sq', '1e68utw', '1dqojkt'],
  'consent request': ['d69lv9'],
};

/** A short fingerprint of a template's text (FNV-1a of the trimmed subject and body). */
export function templateFingerprint(t: Template): string {
  const text = `${t.subject.trim()}\n${t.body.replace(/\r\n?/g, '\n').trim()}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** True when a Templates row holds an earlier version's default text for its kind, as that version wrote it. */
export function isEarlierDefault(kind: string, t: Template): boolean {
  return EARLIER_DEFAULTS[kind.trim().toLowerCase()]?.includes(templateFingerprint(t)) ?? false;
}

/** The kinds whose templates must hold what a US delay notice says: the day notices and the consent request. */
export function isDelayNoticeKind(kind: string): boolean {
  return /^day \d+$/i.test(kind.trim()) || kind.trim().toLowerCase() === 'consent request';
}

/**
 * What a delay notice with no revised date must say (16 CFR 435.2(b); see README, "The US mail-order rule"),
 * each as [why it is missing, test on the template's subject and body]. A custom template that drops one is
 * refused with its reason and the default is sent instead.
 */
const DELAY_NOTICE_ELEMENTS: ReadonlyArray<[string, (text: string) => boolean]> = [
  ['it does not say we cannot give a revised shipping date', (t) => /\b(cannot|can't|can not|unable to|not able to)\b[^.!?\n]{0,60}\bdate\b/i.test(t)],
  ['it gives no reason for the delay (put {{reason}} in the items list)', (t) => /\{\{\s*reason\s*\}\}/.test(t)],
  [
    'it does not say the customer may cancel at any time for a full refund',
    (t) => /\bcancel[^.!?\n]*\bany ?time\b/i.test(t) && /\bfull\b[^.!?\n]{0,20}\brefund/i.test(t),
  ],
  ['it gives no way to cancel at our expense (ask them to reply, or give {{supportPhone}})', (t) => /\breply\b/i.test(t) || /\{\{[#^]?\s*supportPhone\s*\}\}/.test(t)],
];

/** What a delay-notice template leaves out of the rule's required statements ([] for a complete one or another kind). */
export function delayNoticeGaps(kind: string, template: Template): string[] {
  if (!isDelayNoticeKind(kind)) return [];
  const text = `${template.subject}\n${template.body}`;
  return DELAY_NOTICE_ELEMENTS.filter(([, has]) => !has(text)).map(([why]) => why);
}

/** Why a custom delay-notice template cannot be used, or null. */
export function delayNoticeProblem(kind: string, template: Template): string | null {
  const gaps = delayNoticeGaps(kind, template);
  return gaps.length === 0 ? null : `leaves out what a US delay notice must say: ${gaps.join('; ')}`;
}

/** The default template of a kind, or undefined for an unknown kind. */
export function defaultTemplate(kind: string): TemplateDefinition | undefined {
  const k = kind.trim().toLowerCase();
  return DEFAULT_TEMPLATES.find((t) => t.kind.toLowerCase() === k);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** What an item is called when neither its product name nor its SKU can be shown. */
export const UNNAMED_ITEM = 'one of your items';
export { DEFAULT_SENDER_NAME } from './customerText';

function view(data: TemplateData): Record<string, unknown> {
  const items = data.items.map((i) => {
    const sku = dateFree(i.sku.trim(), '');
    const reason = dateFree((i.reason ?? '').trim().replace(/[.!\s]+$/, ''), DEFAULT_DELAY_REASON);
    return { product: dateFree(i.product.trim(), dateFree(sku, UNNAMED_ITEM)), sku, quantity: i.quantity, eta: i.eta, reason, alternative: dateFree((i.alternative ?? '').trim(), ''), ready: i.ready === true };
  });
  return {
    customer: greetingName(data.customer),
    orderId: dateFree(data.orderId.trim(), ''),
    items,
    eta: items.length > 0 ? items[0].eta : '',
    itemCount: items.length,
    several: items.length > 1,
    supportPhone: customerSupportPhone(data.supportPhone),
    senderName: customerSenderName(data.senderName),
    message: data.message ?? '',
    cancelIn: dateFree((data.cancelIn ?? '').trim(), '') || 'in a few weeks',
    ...parcelView(data),
    partOfOrder: data.partOfOrder === true,
  };
}

/** The shipment email's fields, screened like every other value (a tracking number that reads as a date is left out, with its link). */
function parcelView(data: TemplateData): Record<string, unknown> {
  const name = (product: string, sku: string) => dateFree(product.trim(), dateFree(sku.trim(), UNNAMED_ITEM));
  const parcel = (data.parcel ?? []).map((p) => {
    const tracking = dateFree(p.tracking.trim(), '');
    return { product: name(p.product, p.sku), sku: dateFree(p.sku.trim(), ''), quantity: p.quantity, carrier: dateFree(p.carrier.trim(), ''), tracking, trackingUrl: tracking ? p.trackingUrl : '' };
  });
  const units = (list: TemplateData['shippedEarlier']) => (list ?? []).map((e) => ({ product: name(e.product, e.sku), sku: dateFree(e.sku.trim(), ''), quantity: e.quantity }));
  const shippedEarlier = units(data.shippedEarlier);
  const followsSeparately = units(data.followsSeparately);
  return {
    parcel,
    shippedEarlier,
    followsSeparately,
    hasEarlier: shippedEarlier.length > 0,
    hasToCome: data.items.length > 0,
    hasFollowing: followsSeparately.length > 0,
    complete: data.complete === true,
  };
}

const RAW = { escape: (v: unknown) => String(v) };

function renderRaw(template: string, data: Record<string, unknown>, what: string): string {
  try {
    // No partials: `{{> name}}` renders as nothing.
    return Mustache.render(template, data, {}, RAW);
  } catch (e) {
    throw new Error(`The template's ${what} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

/** Plain text -> safe HTML: escaped, paragraphs, "- " runs as lists, line breaks kept. */
export function textToHtml(text: string): string {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    let para: string[] = [];
    let list: string[] = [];
    const flushPara = () => {
      if (para.length) out.push(`<p>${para.map(escapeHtml).join('<br>')}</p>`);
      para = [];
    };
    const flushList = () => {
      if (list.length) out.push(`<ul>${list.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
      list = [];
    };
    for (const line of lines) {
      const m = /^\s*[-•*]\s+(.*)$/.exec(line);
      if (m) {
        flushPara();
        list.push(m[1]);
      } else {
        flushList();
        para.push(line);
      }
    }
    flushPara();
    flushList();
  }
  return `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#202124">${out.join('\n')}</div>`;
}

/** Placeholders a template may use anywhere, and those only inside `{{#items}}…{{/items}}`. */
export const PLACEHOLDERS = ['customer', 'orderId', 'items', 'eta', 'itemCount', 'several', 'supportPhone', 'senderName', 'message', 'partOfOrder', 'cancelIn', 'parcel', 'shippedEarlier', 'followsSeparately', 'hasEarlier', 'hasToCome', 'hasFollowing', 'complete'] as const;
export const ITEM_PLACEHOLDERS = ['product', 'sku', 'quantity', 'eta', 'reason', 'alternative', 'ready'] as const;
/** Names inside each list block (one block per entry). */
const BLOCK_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  items: ITEM_PLACEHOLDERS,
  parcel: ['product', 'sku', 'quantity', 'carrier', 'tracking', 'trackingUrl'],
  shippedEarlier: ['product', 'sku', 'quantity'],
  followsSeparately: ['product', 'sku', 'quantity'],
};

type Token = [string, string, number, number, Token[]?];

function placeholderProblem(tokens: readonly Token[], blocks: readonly string[]): string | null {
  for (const t of tokens) {
    const [type, name] = t;
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') return `{{> ${name}}} (a partial) is not something these templates can include`;
    const known = (PLACEHOLDERS as readonly string[]).includes(name) || blocks.some((b) => BLOCK_PLACEHOLDERS[b].includes(name));
    if (!known) {
      if ((ITEM_PLACEHOLDERS as readonly string[]).includes(name)) {
        return `{{${name}}} only works inside {{#items}}…{{/items}} (one block per item); outside it there is no ${name} to show`;
      }
      return `{{${name}}} is not a placeholder these emails know (they know ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}, and inside {{#items}} also ${ITEM_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`;
    }
    if ((type === '#' || type === '^') && t[4]) {
      const inner = placeholderProblem(t[4], type === '#' && name in BLOCK_PLACEHOLDERS ? [...blocks, name] : blocks);
      if (inner) return inner;
    }
  }
  return null;
}

const checked = new Map<string, string | null>();

/**
 * The one check of a template's text, used wherever a template is taken from a person (the Templates tab, the
 * daily run, the extended-update dialog): null when it reads, else why not — it cannot be parsed (an unclosed
 * `{{#items}}`), it names a placeholder that does not exist (which would render blank: "Hi , your  is late."), or
 * it uses `{{product}}`, `{{sku}}` or `{{quantity}}` outside `{{#items}}…{{/items}}`.
 */
export function templateTextProblem(template: Template): string | null {
  for (const [what, text] of [['subject', template.subject], ['body', template.body]] as const) {
    const memo = `${what}\u0000${text}`;
    let problem = checked.get(memo);
    if (problem === undefined) {
      try {
        const wrong = placeholderProblem(Mustache.parse(text) as unknown as Token[], []);
        problem = wrong ? `The template's ${what}: ${wrong}.` : null;
      } catch (e) {
        problem = `The template's ${what} cannot be read: ${(e as Error).message}`;
      }
      if (checked.size > 50) checked.clear();
      checked.set(memo, problem);
    }
    if (problem) return problem;
  }
  return null;
}

/** Bytes of `s` in UTF-8 (what Script Properties count). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** What the mail service accepts in one body (the text part and the HTML part each): 200 KB on a consumer account. */
export const MAIL_BODY_LIMIT_BYTES = 200 * 1024;

/** Why the mail service would refuse this email (too large), or null. */
export function emailSizeProblem(r: RenderedTemplate): string | null {
  const bytes = Math.max(utf8Bytes(r.text), utf8Bytes(r.html));
  if (bytes <= MAIL_BODY_LIMIT_BYTES) return null;
  return `the email would be ${Math.ceil(bytes / 1024)} KB, more than the mail service accepts (${MAIL_BODY_LIMIT_BYTES / 1024} KB)`;
}

/**
 * Renders a template with mustache. Throws an Error with a readable message when the template
 * itself cannot be used (`templateTextProblem`: unreadable, an unknown placeholder, an item placeholder outside
 * the items block); callers fall back to the default.
 */
export function renderTemplate(template: Template, data: TemplateData): RenderedTemplate {
  const problem = templateTextProblem(template);
  if (problem) throw new Error(problem);
  const v = view(data);
  const subject = renderRaw(template.subject, v, 'subject').replace(/\s+/g, ' ').trim();
  const text = renderRaw(template.body, v, 'body')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  let html = textToHtml(text);
  // Tracking pages become links: each URL was built by trackingUrl (URL-encoded number) and is escaped here.
  for (const url of new Set((v.parcel as Array<{ trackingUrl: string }>).map((p) => p.trackingUrl).filter((u) => u !== ''))) {
    const e = escapeHtml(url);
    html = html.split(e).join(`<a href="${e}">${e}</a>`);
  }
  return { subject, text: text + '\n', html };
}

/** One kind's email: rendered from the custom template when it can be used, else from the default. */
export interface ChosenEmail {
  /** The email to send, or null when even the default text would show a date (see `unsafe`). */
  email: RenderedTemplate | null;
  /** Why the custom template was not used (it cannot be read, shows a date, or leaves out a rule statement), or null. */
  refused: string | null;
  /** The dates the default text would show (from sheet values), or null. */
  unsafe: string | null;
}

/**
 * Renders a kind's email: the custom template unless it cannot be read, is too large for the mail service, the
 * finished email would show a date, or (for a delay notice) it leaves out what the US mail-order rule asks; then the
 * default. The last guard: nothing
 * with a date reaches a customer.
 */
export function renderKind(kind: string, custom: Template | undefined, fallback: Template, data: TemplateData): ChosenEmail {
  let refused: string | null = null;
  for (const t of custom ? [custom, fallback] : [fallback]) {
    let r: RenderedTemplate;
    try {
      r = renderTemplate(t, data);
    } catch (e) {
      refused = (e as Error).message.replace(/\.$/, '');
      continue;
    }
    // A custom text the mail service would refuse (too large) must not fail every day: the default goes instead.
    const tooLarge = t === custom ? emailSizeProblem(r) : null;
    if (tooLarge) {
      refused = tooLarge;
      continue;
    }
    const shown = finishedEmailDates(r);
    if (shown !== null) {
      if (t !== custom) return { email: null, refused, unsafe: shown };
      refused = `contains an exact date or weekday (${shown})`;
      continue;
    }
    const missing = t === custom ? delayNoticeProblem(kind, t) : null;
    if (missing) {
      refused = missing;
      continue;
    }
    return { email: r, refused, unsafe: null };
  }
  return { email: null, refused, unsafe: null };
}

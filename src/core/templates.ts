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
 *                      (units still to come), {{eta}} (that line's hedged arrival phrase) and {{alternative}}
 *                      (an in-stock alternative's name: its Alternatives, else the same Product line; '' when none)
 *   {{eta}}            outside the items block: the phrase of the order's first (oldest) line
 *   {{itemCount}}      number of lines listed; {{#several}}…{{/several}} shows only when more than one
 *   {{supportPhone}}   Settings › Support phone ({{#supportPhone}}…{{/supportPhone}} hides a sentence when blank)
 *   {{senderName}}     Settings › Sender name
 *   {{message}}        an extra note (the manager's text of an extended stock-out update; blank otherwise)
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
 * customer's options: keep waiting, take an in-stock alternative, or cancel for a full refund. The day-30
 * notice asks the customer to confirm they still want to wait.
 */
import Mustache from 'mustache';
import { customerSenderName, customerSupportPhone, dateFree, greetingName } from './customerText';

export interface TemplateItem {
  product: string;
  sku: string;
  /** Units still to come. */
  quantity: number;
  /** The hedged arrival phrase (src/core/eta.ts), lower case, no final stop. */
  eta: string;
  /** An in-stock alternative's product name, named in the notice ('' or missing: none in stock). */
  alternative?: string;
}

export interface TemplateData {
  customer: string;
  orderId: string;
  items: TemplateItem[];
  supportPhone: string;
  senderName: string;
  /** Extra note (extended stock-out update); '' when none. */
  message?: string;
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

const OPTIONS = `You have a few options, whichever suits you best:
- Keep waiting: we will ship it as soon as it is ready and keep you posted.
- Switch to an in-stock alternative, such as another size, colour or brand in the same range.
- Cancel the backordered item{{#several}}s{{/several}} for a full, prompt refund.`;

const ITEMS = `{{#items}}
- {{product}} ({{quantity}} still to come): {{eta}}.{{#alternative}} {{alternative}} is in stock now, if you would rather switch.{{/alternative}}
{{/items}}`;

const CONTACT = `Just reply to this email{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}} and we will take care of it straight away.`;

const SIGN_OFF = `Thank you for your patience,
{{senderName}}`;

function dayBody(opening: string, closing = CONTACT): string {
  return `Hi {{customer}},

${opening}

${ITEMS}

${OPTIONS}

${closing}

${SIGN_OFF}`;
}

/** The default templates setup writes into the Templates tab (missing kinds only) and jobs fall back to. */
export const DEFAULT_TEMPLATES: ReadonlyArray<TemplateDefinition> = [
  {
    kind: 'Day 3',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: an update on the item{{#several}}s{{/several}} still to come',
    body: dayBody(
      'Thank you for your order{{#orderId}} {{orderId}}{{/orderId}}. Part of it is on backorder, and we want to keep you in the loop on where things stand:',
    ),
  },
  {
    kind: 'Day 10',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: still on its way to us',
    body: dayBody(
      'We are still waiting on part of your order{{#orderId}} {{orderId}}{{/orderId}}, and we are sorry it is taking longer than we would like. Here is the latest we have:',
    ),
  },
  {
    kind: 'Day 17',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: the latest on your backorder',
    body: dayBody(
      'We wanted to check in about your order{{#orderId}} {{orderId}}{{/orderId}}. Part of it is still on backorder, and we have not forgotten about you:',
    ),
  },
  {
    kind: 'Day 23',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: thank you for bearing with us',
    body: dayBody(
      'Thank you for bearing with us on your order{{#orderId}} {{orderId}}{{/orderId}}. We know it has been a while; here is where things stand:',
    ),
  },
  {
    kind: 'Day 30',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: do you still want to wait?',
    body: dayBody(
      'It has now been about a month since part of your order{{#orderId}} {{orderId}}{{/orderId}} went on backorder, and we are sorry for the long wait. Here is the latest we have:',
      `Could you reply to confirm you still want to wait? If you would rather switch or cancel, just say so{{#supportPhone}} or call us on {{supportPhone}}{{/supportPhone}} and we will take care of it straight away.`,
    ),
  },
  {
    kind: 'Extended stock-out',
    subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: an update on the item{{#several}}s{{/several}} you are waiting for',
    body: `Hi {{customer}},

We wanted to give you an update on the item{{#several}}s{{/several}} you are waiting for on your order{{#orderId}} {{orderId}}{{/orderId}}, and we are sorry for the wait.

{{#message}}
{{message}}

{{/message}}
${ITEMS}

${OPTIONS}

${CONTACT}

${SIGN_OFF}`,
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
    return { product: dateFree(i.product.trim(), dateFree(sku, UNNAMED_ITEM)), sku, quantity: i.quantity, eta: i.eta, alternative: dateFree((i.alternative ?? '').trim(), '') };
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
export const PLACEHOLDERS = ['customer', 'orderId', 'items', 'eta', 'itemCount', 'several', 'supportPhone', 'senderName', 'message'] as const;
export const ITEM_PLACEHOLDERS = ['product', 'sku', 'quantity', 'eta', 'alternative'] as const;

type Token = [string, string, number, number, Token[]?];

function placeholderProblem(tokens: readonly Token[], inItems: boolean): string | null {
  for (const t of tokens) {
    const [type, name] = t;
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') return `{{> ${name}}} (a partial) is not something these templates can include`;
    const known = (PLACEHOLDERS as readonly string[]).includes(name) || (inItems && (ITEM_PLACEHOLDERS as readonly string[]).includes(name));
    if (!known) {
      if ((ITEM_PLACEHOLDERS as readonly string[]).includes(name)) {
        return `{{${name}}} only works inside {{#items}}…{{/items}} (one block per item); outside it there is no ${name} to show`;
      }
      return `{{${name}}} is not a placeholder these emails know (they know ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}, and inside {{#items}} also ${ITEM_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`;
    }
    if ((type === '#' || type === '^') && t[4]) {
      const inner = placeholderProblem(t[4], inItems || (type === '#' && name === 'items'));
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
        const wrong = placeholderProblem(Mustache.parse(text) as unknown as Token[], false);
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
  return { subject, text: text + '\n', html: textToHtml(text) };
}

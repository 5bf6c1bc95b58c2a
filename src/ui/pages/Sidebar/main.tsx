/**
 * The "Look up…" sidebar (300 px): one search box for an order, an email, a name or a SKU.
 * Everything is rendered by preact, which escapes every value: no HTML is ever built from strings.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  AlternativeView,
  Badge,
  CustomerView,
  InternalRestock,
  ItemView,
  LookupResult,
  MatchesView,
  OrderLineView,
  OrderView,
} from '../../../shared/lookupTypes';
import { copyText } from '../../lib/clipboard';
import { failureMessage, server } from '../../lib/server';
import { OrderChoices, ReplaceResult } from './Choices';
import { RefundsDue } from './RefundsDue';

/**
 * What was searched: the query sent (a link sends a precise one, e.g. "order:BW-10079") and what the search
 * box shows for it (what the agent typed, or, for a link, the plain order ID, email, name or SKU).
 */
type Searched = { query: string; shown: string };

type State =
  | { phase: 'idle' }
  | ({ phase: 'loading' } & Searched)
  | ({ phase: 'failed'; message: string } & Searched)
  | ({ phase: 'done'; result: LookupResult } & Searched);

type Open = (query: string) => void;

/**
 * The search box never shows a prefix the agent did not type: agents type plain order IDs and emails, and a
 * link's precise query ("email:ann@example.com") shows as the plain text ("ann@example.com"). The precise
 * query is kept and sent again when Enter is pressed on the unchanged box.
 */
function plainText(query: string): string {
  return query.replace(/^(order|email|name|sku):/i, '');
}

function BadgeView({ badge, prefix }: { badge: Badge; prefix?: string }) {
  return (
    <span class={`badge tone-${badge.tone}`} data-tone={badge.tone}>
      {prefix ? `${prefix}: ` : ''}
      {badge.text}
    </span>
  );
}

function Internal({ restock }: { restock: InternalRestock }) {
  return (
    <div class="internal" aria-label="Internal, do not share with the customer">
      <span class="internal-tag">INTERNAL</span> Expected restock: <strong>{restock.expected ?? 'not known'}</strong>
      {restock.note !== '' && <span> · {restock.note}</span>}
    </div>
  );
}

function Alternatives({ list, open }: { list: AlternativeView[]; open: Open }) {
  if (list.length === 0) return <p class="muted small">No in-stock alternative.</p>;
  return (
    <ul class="alts" aria-label="In-stock alternatives">
      {list.map((a) => (
        <li key={a.sku}>
          <button type="button" class="link" onClick={() => open(a.query)}>
            {a.product}
          </button>{' '}
          <BadgeView badge={a.stock} /> <span class="muted">{a.available} available{a.source === 'listed' ? ' · suggested' : ''}</span>
        </li>
      ))}
    </ul>
  );
}

function Problems({ list }: { list: string[] }) {
  if (list.length === 0) return null;
  return (
    <div class="problems" role="note">
      <strong>Check the sheet:</strong>
      <ul>
        {list.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

const days = (list: number[]) => list.map((d) => `Day ${d}`).join(', ');

/**
 * What really went out about a line (day notices sent, the consent request, the Back in stock email), and,
 * apart, the day milestones passed over without an email: an agent must never say "we wrote on day 10" when
 * nothing was sent.
 */
function Notices({ line }: { line: OrderLineView }) {
  const sent: string[] = [];
  if (line.noticesSent.length > 0) sent.push(days(line.noticesSent));
  if (line.consentAsked !== null) sent.push(`request to agree to wait (${line.consentAsked})`);
  if (line.backInStock) sent.push('Back in stock email');
  const passed = line.noticesPassedOver;
  if (line.openQty === 0 && sent.length === 0 && passed.length === 0) return null;
  return (
    <div class="notices">
      <div>
        Notices sent: {sent.length === 0 ? 'none yet' : sent.join('; ')}
        {sent.length > 0 && line.lastNotice !== '' && <span class="muted"> (last {line.lastNotice})</span>}
      </div>
      {passed.length > 0 && (
        <div class="muted small" data-testid="passed-over">
          Passed over, not sent: {days(passed)}
        </div>
      )}
    </div>
  );
}

function Line({ line, open, today }: { line: OrderLineView; open: Open; today: string }) {
  return (
    <li class="line">
      <div class="line-head">
        <button type="button" class="link" onClick={() => open(`sku:${line.sku}`)} disabled={line.stock === null}>
          {line.product}
        </button>
        <span class="muted"> {line.sku}</span>
      </div>
      {line.switchedFrom && (
        <div class="muted small">
          Switched from {line.switchedFrom.product} ({line.switchedFrom.sku})
        </div>
      )}
      <div class="badges">
        <BadgeView badge={line.status} prefix="Status" /> {line.stock ? <BadgeView badge={line.stock} prefix="Stock" /> : <span class="badge tone-grey">Stock: not on Inventory</span>}
      </div>
      <div>
        Qty {line.qty ?? '?'} · shipped {line.shipped}
        {line.openQty > 0 && <span> · {line.openQty} still to come</span>}
      </div>
      {line.openQty > 0 && (
        <div class="allocation">
          {line.allocated > 0 ? (
            <span>
              Set aside: <strong>{line.allocated}</strong> (being prepared) · still waiting: <strong>{line.openQty - line.allocated}</strong>
            </span>
          ) : (
            <span>Nothing set aside yet · still waiting: {line.openQty}</span>
          )}
          {line.why !== '' && <div class="muted small">Why: {line.why}</div>}
        </div>
      )}
      {line.daysWaiting !== null && (
        <div>
          Waiting <strong>{line.daysWaiting}</strong> {line.daysWaiting === 1 ? 'day' : 'days'}
        </div>
      )}
      <Notices line={line} />
      {line.nextNotice && (
        <div class="next">
          Next: {line.nextNotice.text}
          {line.nextNotice.due && line.nextNotice.due !== today && <span class="muted"> ({line.nextNotice.due})</span>}
        </div>
      )}
      {line.internalRestock && <Internal restock={line.internalRestock} />}
      {line.openQty > 0 && (
        <div>
          <h4>Alternatives</h4>
          <Alternatives list={line.alternatives} open={open} />
        </div>
      )}
      {line.problems.length > 0 && <p class="muted small">This row has problems: see "Check the sheet" below.</p>}
    </li>
  );
}

function Reply({ text }: { text: string }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    const ok = await copyText(text, area.current);
    setCopied(ok ? 'copied' : 'failed');
  };
  return (
    <section class="reply">
      <h3 id="reply-heading">What to say</h3>
      <textarea ref={area} readOnly rows={7} aria-labelledby="reply-heading" value={text} />
      <div class="row">
        <button type="button" class="primary" onClick={copy}>
          Copy reply
        </button>
        <span role="status" class={copied === 'failed' ? 'error-text' : 'ok-text'}>
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Could not copy: select the text and press Ctrl+C.' : ''}
        </span>
      </div>
    </section>
  );
}

function Order({ view, open }: { view: OrderView; open: Open }) {
  return (
    <article aria-label={`Order ${view.orderId}`}>
      <h2>Order {view.orderId}</h2>
      <dl class="facts">
        <dt>Customer</dt>
        <dd>
          <button type="button" class="link" onClick={() => open(view.customerQuery)}>
            {view.customer === '' ? '(no name)' : view.customer}
          </button>
        </dd>
        <dt>Email</dt>
        <dd class="wrap">{view.email === '' ? '(none)' : view.email}</dd>
        <dt>Segment</dt>
        <dd>
          {view.segment === '' ? '(blank)' : view.segment}
          {!view.notifiedSegment && <span class="muted"> · no automatic notices for segment {view.segment === '' ? '(blank)' : view.segment}</span>}
        </dd>
        <dt>Ordered</dt>
        <dd>{view.orderDate ?? 'unknown'}</dd>
      </dl>
      {/* One status line per order line, then the reply: both in view at the sidebar's height without scrolling. */}
      <ul class="status-lines" aria-label="Where each line stands">
        {view.lines.map((l, i) => (
          <li key={i} data-testid="status-line">
            <span class="wrap">{l.sku}</span>
            {l.switchedFrom && <span class="muted"> (switched from {l.switchedFrom.sku})</span>} · <BadgeView badge={l.status} />
            {l.stock && <> <BadgeView badge={l.stock} prefix="Stock" /></>}
            {l.openQty > 0 && <span class="muted"> · {l.openQty} to come{l.daysWaiting !== null ? `, day ${l.daysWaiting}` : ''}</span>}
          </li>
        ))}
      </ul>
      <Reply text={view.reply} />
      <h3>Lines</h3>
      <ul class="lines">
        {view.lines.map((l, i) => (
          <Line key={i} line={l} open={open} today={view.today} />
        ))}
      </ul>
      {view.choices && <OrderChoices view={view.choices} />}
      <h3>Shipments</h3>
      {view.shipments.length === 0 ? (
        <p class="muted">Nothing shipped yet.</p>
      ) : (
        <ul class="plain">
          {view.shipments.map((s, i) => (
            <li key={i}>
              {s.shippedOn ?? 'date unknown'} · {s.qty ?? '?'} × {s.product} · {s.carrier || 'carrier unknown'}{' '}
              <span class="wrap tracking">{s.tracking}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Notice log</h3>
      {view.notices.length === 0 ? (
        <p class="muted">No notices logged for this order.</p>
      ) : (
        <ul class="plain">
          {view.notices.map((n, i) => (
            <li key={i}>
              {n.sentAt} · {n.kind} · {n.result}
              {n.detail !== '' && <span class="muted"> · {n.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <Problems list={view.problems} />
    </article>
  );
}

function Customer({ view, open }: { view: CustomerView; open: Open }) {
  return (
    <article aria-label={`Customer ${view.name}`}>
      <h2>{view.name === '' ? view.email : view.name}</h2>
      <p class="wrap">
        {view.email === '' ? 'No email' : view.email}
        {view.segments.length > 0 && <span class="muted"> · {view.segments.join(', ')}</span>}
      </p>
      <h3>
        {view.orders.length + view.more} {view.orders.length + view.more === 1 ? 'order' : 'orders'}
      </h3>
      <ul class="plain orders">
        {view.orders.map((o) => (
          <li key={o.query}>
            <button type="button" class="link" onClick={() => open(o.query)}>
              {o.orderId}
            </button>{' '}
            <span class="muted">{o.orderDate ?? ''}</span>{' '}
            {o.statuses.map((b) => (
              <BadgeView key={b.text} badge={b} />
            ))}
            {o.openQty > 0 && <span class="muted"> · {o.openQty} still to come</span>}
          </li>
        ))}
      </ul>
      {view.more > 0 && <p class="muted">{view.more} older orders not shown.</p>}
    </article>
  );
}

function ItemPanel({ view, open }: { view: ItemView; open: Open }) {
  return (
    <article aria-label={`Item ${view.sku}`}>
      <h2>{view.product}</h2>
      <p class="muted">
        {view.sku}
        {view.productLine !== '' && ` · ${view.productLine}`}
      </p>
      <div class="badges">
        <BadgeView badge={view.stock} prefix="Stock" />
      </div>
      <dl class="facts">
        <dt>Available</dt>
        <dd>{view.available ?? 'unreadable'}</dd>
        <dt>Backordered</dt>
        <dd>
          {view.backorderedUnits} {view.backorderedUnits === 1 ? 'unit' : 'units'}
          {view.waitingUnits !== view.backorderedUnits && <span class="muted"> ({view.waitingUnits} on open order lines)</span>}
        </dd>
      </dl>
      <Internal restock={view.internalRestock} />
      <h3>What to say about it</h3>
      <p>{view.customerEta}</p>
      <h3>
        Customers waiting ({view.waiting.length + view.more})
      </h3>
      {view.waiting.length === 0 ? (
        <p class="muted">Nobody is waiting for this item.</p>
      ) : (
        <ul class="plain waiting">
          {view.waiting.map((w, i) => (
            <li key={i}>
              <button type="button" class="link" onClick={() => open(w.query)}>
                {w.orderId}
              </button>{' '}
              {w.customer} <BadgeView badge={w.status} />{' '}
              <span class="muted">
                {w.openQty} to come{w.allocated > 0 ? ` (${w.allocated} set aside)` : ''}
                {w.daysWaiting !== null ? ` · ${w.daysWaiting} d` : ''} · {w.segment}
              </span>
            </li>
          ))}
        </ul>
      )}
      {view.more > 0 && <p class="muted">{view.more} more not shown.</p>}
      <h3>Alternatives</h3>
      <Alternatives list={view.alternatives} open={open} />
      <Problems list={view.problems} />
    </article>
  );
}

function Matches({ view, open }: { view: MatchesView; open: Open }) {
  const total = view.matches.length + view.more;
  return (
    <section aria-label="Matches">
      <h2>
        {total} matches for “{view.query}”
      </h2>
      <ul class="plain matches">
        {view.matches.map((m) => (
          <li key={m.query}>
            <span class="kind">{m.kind}</span>{' '}
            <button type="button" class="link" onClick={() => open(m.query)}>
              {m.label}
            </button>
            <div class="muted small wrap">{m.detail}</div>
          </li>
        ))}
      </ul>
      {view.more > 0 && <p class="muted">{view.more} more: add more words to narrow the search.</p>}
    </section>
  );
}

function Result({ result, open }: { result: LookupResult; open: Open }) {
  switch (result.kind) {
    case 'order':
      return <Order view={result} open={open} />;
    case 'customer':
      return <Customer view={result} open={open} />;
    case 'item':
      return <ItemPanel view={result} open={open} />;
    case 'matches':
      return <Matches view={result} open={open} />;
    case 'none':
      return <p class="msg">{result.message}</p>;
    case 'error':
      return (
        <p class="msg error" role="alert">
          {result.message}
        </p>
      );
  }
}

function App() {
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [history, setHistory] = useState<Searched[]>([]);
  const latest = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  const search = ({ query, shown }: Searched, remember: boolean) => {
    const ticket = ++latest.current;
    if (remember && (state.phase === 'done' || state.phase === 'failed')) setHistory((h) => [...h.slice(-19), { query: state.query, shown: state.shown }]);
    setState({ phase: 'loading', query, shown });
    server()
      .lookup(query)
      .then((result) => {
        if (ticket !== latest.current) return;
        if (!result || typeof result !== 'object' || !('kind' in result)) {
          setState({ phase: 'failed', query, shown, message: 'The server sent an answer this page cannot read. Please try again.' });
          return;
        }
        setState({ phase: 'done', query, shown, result });
      })
      .catch((e: unknown) => {
        if (ticket !== latest.current) return;
        setState({ phase: 'failed', query, shown, message: failureMessage(e) });
      });
  };

  const open: Open = (query) => {
    const shown = plainText(query);
    setText(shown);
    search({ query, shown }, true);
  };

  // Enter on the box as a link left it repeats that precise search; anything typed is searched as typed.
  const submit = () => {
    const same = state.phase !== 'idle' && state.shown === text && state.query !== text;
    search(same ? { query: state.query, shown: text } : { query: text, shown: text }, true);
  };

  // The sidebar opens ready to type into: an agent on the phone should not have to click the box first.
  useEffect(() => input.current?.focus(), []);

  const back = () => {
    const previous = history[history.length - 1];
    if (previous === undefined) return;
    setHistory((h) => h.slice(0, -1));
    setText(previous.shown);
    search(previous, false);
  };

  // An action's answer (the order as it is now) replaces the shown result, under the same query.
  const replace = (result: LookupResult) => setState((s) => (s.phase === 'done' ? { ...s, result } : s));

  return (
    <main>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label for="q">Order, email, name or SKU</label>
        <div class="row">
          <input
            id="q"
            ref={input}
            type="search"
            autocomplete="off"
            spellcheck={false}
            maxLength={254}
            placeholder="e.g. BW-10231"
            value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="primary" disabled={state.phase === 'loading'}>
            Search
          </button>
        </div>
      </form>
      <RefundsDue open={open} />
      {history.length > 0 && (
        <button type="button" class="link back" onClick={back}>
          Back
        </button>
      )}
      <div class="result" aria-live="polite" aria-busy={state.phase === 'loading'}>
        {state.phase === 'idle' && <p class="muted">Type an order number, an email, part of a name, or a SKU, then press Enter.</p>}
        {state.phase === 'loading' && (
          <p class="msg" role="status">
            Searching…
          </p>
        )}
        {state.phase === 'failed' && (
          <p class="msg error" role="alert">
            {state.message}
          </p>
        )}
        {state.phase === 'done' && (
          <ReplaceResult.Provider value={replace}>
            <Result result={state.result} open={open} />
          </ReplaceResult.Provider>
        )}
      </div>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);

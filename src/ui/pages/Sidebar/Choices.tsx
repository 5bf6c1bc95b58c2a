/**
 * The sidebar's customer-choice actions on an order and its lines: Keeps waiting, Switch to…, Cancel and
 * refund (a refund due), Ship what's ready / Wait for all, Escalate and a note. Every action asks for confirmation in
 * the page first; the server re-reads the row at write time and answers with the order as it is now, which
 * replaces the shown result (through `ReplaceResult`). Everything is rendered as text by preact.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ChoiceAction, ChoiceRequest, LineChoicesView, OrderChoicesView } from '../../../shared/choicesTypes';
import type { LookupResult } from '../../../shared/lookupTypes';
import { failureMessage, server } from '../../lib/server';

/** Shows a result in place of the current one (the App provides it). */
export const ReplaceResult = createContext<(result: LookupResult) => void>(() => undefined);

const SHIP_WHATS_READY = "Ship what's ready";
const WAIT_FOR_ALL = 'Wait for all';

type Pending = {
  /** Where the confirmation shows: a line's sheet row, or 'order'. */
  at: number | 'order';
  action: ChoiceAction;
  request: ChoiceRequest;
  question: string;
  /** Text the agent types (a note or a reason), or a pick among alternatives. */
  input?: { kind: 'note' | 'reason'; label: string } | { kind: 'switch'; options: LineChoicesView['switchTo'] };
};

type Outcome = { ok: boolean; message: string } | null;

function units(n: number): string {
  return `${n} ${n === 1 ? 'unit' : 'units'}`;
}

function Confirm({ pending, busy, onConfirm, onBack }: { pending: Pending; busy: boolean; onConfirm: (value?: string) => void; onBack: () => void }) {
  const input = pending.input;
  const [text, setText] = useState('');
  const [pick, setPick] = useState(input?.kind === 'switch' ? (input.options[0]?.sku ?? '') : '');
  const first = useRef<HTMLElement | null>(null);
  useEffect(() => first.current?.focus(), []);
  const needsText = input?.kind === 'note' || input?.kind === 'reason';
  const value = input?.kind === 'switch' ? pick : needsText ? text : undefined;
  const id = `confirm-${pending.at}-${pending.action}`;
  return (
    <div
      class="confirm"
      role="group"
      aria-label="Confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onBack();
      }}
    >
      <p>{pending.question}</p>
      {input && (input.kind === 'note' || input.kind === 'reason') && (
        <div>
          <label for={id}>{input.label}</label>
          <textarea
            id={id}
            ref={(el) => {
              first.current = el;
            }}
            rows={3}
            maxLength={input.kind === 'note' ? 1000 : 300}
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
        </div>
      )}
      {input?.kind === 'switch' && (
        <div>
          <label for={id}>Switch to</label>
          <select id={id} ref={(el) => {
              first.current = el;
            }} value={pick} onChange={(e) => setPick((e.target as HTMLSelectElement).value)}>
            {input.options.map((o) => (
              <option key={o.sku} value={o.sku}>
                {o.product} ({o.sku}, {o.available} available)
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="row actions">
        <button
          type="button"
          class="primary"
          ref={(el) => {
            if (!input) first.current = el;
          }}
          disabled={busy || (needsText && text.trim() === '')}
          onClick={() => onConfirm(value)}
        >
          {busy ? 'Saving…' : 'Confirm'}
        </button>
        <button type="button" disabled={busy} onClick={onBack}>
          Back
        </button>
      </div>
    </div>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  if (value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd class="wrap">{value}</dd>
    </>
  );
}

function LineCard({ view, line, start, pending, confirm }: { view: OrderChoicesView; line: LineChoicesView; start: (p: Pending) => void; pending: Pending | null; confirm: (p: Pending) => preact.JSX.Element }) {
  const base = { orderId: view.orderId, sku: line.sku, row: line.row };
  const name = `${line.product} (${line.sku})`;
  const ask = (action: ChoiceAction, question: string, input?: Pending['input']) => start({ at: line.row, action, request: { ...base, action }, question, input });
  return (
    <li class="choice-line" aria-label={`Choices for ${line.product}`}>
      <div class="line-head">
        {line.product} <span class="muted">{line.sku}</span>
      </div>
      <div class="muted small">
        {line.statusText}
        {line.openQty > 0 && ` · ${units(line.openQty)} still to come`}
      </div>
      <dl class="choice-facts small">
        <dt>Priority</dt>
        <dd>{line.priority === '' ? 'Normal (blank)' : line.priority}</dd>
        <dt>Notes</dt>
        <dd class="wrap notes">{line.notes === '' ? 'none' : line.notes}</dd>
        <Field label="Consent" value={line.consent} />
        <Field label="Switched to" value={line.switchedTo} />
        <Field label="Flag" value={line.flag} />
        <Field label="Refund due" value={line.refundDue} />
        <Field label="Refunded on" value={line.refundedOn} />
      </dl>
      {view.ready && (
        <div class="choice-buttons">
          {line.canConsent && (
            <button type="button" onClick={() => ask('consent', `Record that the customer agrees to keep waiting for ${name}?`)}>
              Keeps waiting
            </button>
          )}
          {line.switchTo.length > 0 && (
            <button
              type="button"
              onClick={() => ask('switch', `Switch ${units(line.openQty)} of ${name} to an in-stock alternative? The line keeps ${line.sku} as ordered.`, { kind: 'switch', options: line.switchTo })}
            >
              Switch to…
            </button>
          )}
          {line.canCancel && (
            <button type="button" onClick={() => ask('cancel', `Cancel ${units(line.openQty)} of ${name}? Stock goes back to Available and a refund becomes due within 7 working days.`)}>
              Cancel and refund
            </button>
          )}
          <button type="button" onClick={() => ask('escalate', `Flag ${name} for a manager?`, { kind: 'reason', label: 'Reason' })}>
            Escalate…
          </button>
          <button type="button" onClick={() => ask('note', `Add a note to ${name}?`, { kind: 'note', label: 'Note' })}>
            Add note…
          </button>
        </div>
      )}
      {pending && pending.at === line.row && confirm(pending)}
    </li>
  );
}

/** The "Customer choices" section of an order. */
export function OrderChoices({ view }: { view: OrderChoicesView }) {
  const replace = useContext(ReplaceResult);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const said = useRef<HTMLParagraphElement>(null);
  // The answer shows above the lines: bring it into view (the button may be far down the 300 px sidebar).
  useEffect(() => {
    if (outcome) said.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);

  const start = (p: Pending) => {
    setOutcome(null);
    setPending(p);
  };
  const run = (p: Pending, value?: string) => {
    setBusy(true);
    server()
      .recordChoice(value === undefined ? p.request : { ...p.request, value })
      .then((r) => {
        setBusy(false);
        setPending(null);
        if (!r || typeof r !== 'object' || typeof r.message !== 'string') {
          setOutcome({ ok: false, message: 'The server sent an answer this page cannot read. Search again to see the order as it is.' });
          return;
        }
        setOutcome({ ok: r.ok, message: r.message });
        if (r.lookup) replace(r.lookup);
      })
      .catch((e: unknown) => {
        setBusy(false);
        setOutcome({ ok: false, message: failureMessage(e) });
      });
  };
  const confirm = (p: Pending) => <Confirm key={`${p.at}-${p.action}`} pending={p} busy={busy} onConfirm={(v) => run(p, v)} onBack={() => setPending(null)} />;
  const order = (action: ChoiceAction, question: string, value?: string, input?: Pending['input']) =>
    start({ at: 'order', action, request: { orderId: view.orderId, sku: '', action, value }, question, input });
  const waiting = view.lines.filter((l) => l.openQty > 0);
  const other = view.shipPreference === WAIT_FOR_ALL ? SHIP_WHATS_READY : WAIT_FOR_ALL;

  return (
    <section class="choices" aria-label="Customer choices">
      <h3>Customer choices</h3>
      {!view.ready && <p class="msg">{view.notReady}</p>}
      {outcome && (
        <p ref={said} class={`msg ${outcome.ok ? 'ok' : 'error'}`} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.message}
        </p>
      )}
      <div class="choice-order" aria-label="Whole order">
        <div>
          Ship preference: <strong>{view.shipPreference}</strong>
          {view.shipPreferenceIsDefault && <span class="muted"> (the default)</span>}
        </div>
        {view.ready && (
          <div class="choice-buttons">
            <button type="button" onClick={() => order('shipPreference', `Set order ${view.orderId} to “${other}”?`, other)}>
              {other}
            </button>
            {waiting.length > 1 && (
              <>
                <button type="button" onClick={() => order('consent', `Record that the customer agrees to keep waiting for all ${waiting.length} waiting lines of order ${view.orderId}?`)}>
                  Keeps waiting (all)
                </button>
                <button
                  type="button"
                  onClick={() => order('cancel', `Cancel all ${waiting.length} waiting lines of order ${view.orderId}? Stock goes back to Available and refunds become due within 7 working days.`)}
                >
                  Cancel all waiting
                </button>
              </>
            )}
            <button type="button" onClick={() => order('escalate', `Flag order ${view.orderId} for a manager?`, undefined, { kind: 'reason', label: 'Reason' })}>
              Escalate order…
            </button>
            <button type="button" onClick={() => order('note', `Add a note to order ${view.orderId} (kept on its first line)?`, undefined, { kind: 'note', label: 'Note' })}>
              Note on order…
            </button>
          </div>
        )}
        {pending && pending.at === 'order' && confirm(pending)}
      </div>
      <ul class="plain choice-lines">
        {view.lines.map((l) => (
          <LineCard key={l.row} view={view} line={l} start={start} pending={pending} confirm={confirm} />
        ))}
      </ul>
    </section>
  );
}

/**
 * The sidebar's Refunds due view: what cancellations left due and by when (7 working days), until someone
 * marks it refunded (confirmed in the page; the server writes `Refunded on` and an Activity log row).
 */
import { useState } from 'preact/hooks';
import type { RefundDueView, RefundsDueView } from '../../../shared/choicesTypes';
import { failureMessage, server } from '../../lib/server';

type Outcome = { ok: boolean; message: string } | null;

function when(r: RefundDueView): string {
  if (r.by === null) return 'no due date in the cell';
  if (r.overdue) return `by ${r.by} · overdue`;
  if (r.daysLeft === 0) return `by ${r.by} · due today`;
  return `by ${r.by} · ${r.daysLeft} working ${r.daysLeft === 1 ? 'day' : 'days'} left`;
}

export function RefundsDue({ open }: { open: (query: string) => void }) {
  const [shown, setShown] = useState(false);
  const [view, setView] = useState<RefundsDueView | null>(null);
  const [loading, setLoading] = useState(false);
  const [confirming, setConfirming] = useState<RefundDueView | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const load = () => {
    setLoading(true);
    server()
      .listRefundsDue()
      .then((v) => {
        setLoading(false);
        setView(v);
      })
      .catch((e: unknown) => {
        setLoading(false);
        setOutcome({ ok: false, message: failureMessage(e) });
      });
  };
  const toggle = () => {
    setOutcome(null);
    setConfirming(null);
    if (!shown) load();
    setShown(!shown);
  };
  const mark = (r: RefundDueView) => {
    setLoading(true);
    server()
      .markRefunded({ orderId: r.orderId, sku: r.sku, row: r.row })
      .then((res) => {
        setLoading(false);
        setConfirming(null);
        setOutcome({ ok: res.ok, message: res.message });
        setView(res.view);
      })
      .catch((e: unknown) => {
        setLoading(false);
        setOutcome({ ok: false, message: failureMessage(e) });
      });
  };

  return (
    <div class="refunds">
      <button type="button" class="link" aria-expanded={shown} onClick={toggle}>
        {shown ? 'Hide refunds due' : 'Refunds due'}
      </button>
      {shown && (
        <section aria-label="Refunds due" aria-busy={loading}>
          <h2>Refunds due</h2>
          {outcome && (
            <p class={`msg ${outcome.ok ? 'ok' : 'error'}`} role={outcome.ok ? 'status' : 'alert'}>
              {outcome.message}
            </p>
          )}
          {loading && !view && <p class="msg">Loading…</p>}
          {view && view.message !== '' && <p class="msg error">{view.message}</p>}
          {view && view.message === '' && view.refunds.length === 0 && <p class="muted">No refunds are due.</p>}
          {view && view.refunds.length > 0 && (
            <ul class="plain refund-list">
              {view.refunds.map((r) => (
                <li key={`${r.row}-${r.sku}`} class={r.overdue ? 'overdue' : ''}>
                  <button type="button" class="link" onClick={() => open(`order:${r.orderId}`)}>
                    {r.orderId}
                  </button>{' '}
                  {r.customer}
                  <div class="small wrap">
                    {r.product} ({r.sku}): <strong>{r.what}</strong>
                    {!r.amount && <span class="muted"> (amount: see the order)</span>}
                  </div>
                  <div class={`small ${r.overdue ? 'error-text' : 'muted'}`}>{when(r)}</div>
                  {confirming?.row === r.row && confirming.sku === r.sku ? (
                    <div class="confirm" role="group" aria-label="Confirm">
                      <p>Mark the refund for {r.orderId} ({r.sku}) as made today?</p>
                      <div class="row actions">
                        <button type="button" class="primary" disabled={loading} onClick={() => mark(r)}>
                          {loading ? 'Saving…' : 'Confirm'}
                        </button>
                        <button type="button" disabled={loading} onClick={() => setConfirming(null)}>
                          Back
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button type="button" onClick={() => setConfirming(r)}>
                      Mark refunded
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

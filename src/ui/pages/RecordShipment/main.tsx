/**
 * "Record shipment…": choose an order with units allocated (or type any Order ID), confirm the units per item
 * (default: the units allocated), the carrier and the tracking number, and record. The server checks it all
 * again against the sheet and appends the Shipments rows in one block; this page only shows what it says.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { failureMessage, server } from '../../lib/server';
import type { RecordShipmentResult, ShipmentChoices, ShipmentOrderResult } from '../../../shared/shipmentTypes';

const OTHER = 'Other';
type Order = Extract<ShipmentOrderResult, { ok: true }>;

function Dialog() {
  const [choices, setChoices] = useState<ShipmentChoices | null>(null);
  const [typed, setTyped] = useState('');
  const [order, setOrder] = useState<Order | null>(null);
  const [units, setUnits] = useState<Record<string, string>>({});
  const [carrier, setCarrier] = useState('');
  const [other, setOther] = useState('');
  const [tracking, setTracking] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [result, setResult] = useState<RecordShipmentResult | null>(null);
  const [error, setError] = useState('');
  /** Set at once on submit (state re-renders later): a double click records one shipment, not two. */
  const sending = useRef(false);

  const loadChoices = () =>
    server()
      .getShipmentChoices()
      .then(setChoices)
      .catch((e: unknown) => setError(failureMessage(e)));
  useEffect(() => void loadChoices(), []);

  const open = async (orderId: string) => {
    setNotice('');
    setError('');
    setResult(null);
    setOrder(null);
    if (orderId.trim() === '') return;
    setBusy(true);
    try {
      const r = await server().getShipmentOrder(orderId);
      if (r.ok === false) setNotice(r.message);
      else {
        setOrder(r);
        setNotice(r.message);
        setUnits(Object.fromEntries(r.items.map((i) => [i.sku, String(i.allocated)])));
      }
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const record = async (ev: Event) => {
    ev.preventDefault();
    if (!order || sending.current) return;
    sending.current = true;
    setBusy(true);
    setError('');
    setResult(null);
    try {
      const r = await server().recordShipmentRows({
        orderId: order.orderId,
        lines: order.items.map((i) => ({ sku: i.sku, units: units[i.sku]?.trim() === '' ? 0 : Number(units[i.sku]) })),
        carrier: carrier === OTHER ? other : carrier,
        tracking,
      });
      setResult(r);
      if (r.ok) {
        setOrder(null);
        setTyped('');
        setTracking('');
        setNotice('');
        void loadChoices();
      }
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <form class="ship" onSubmit={record} noValidate>
      <label for="pick">Order with units allocated</label>
      <select id="pick" value={order && choices?.orders.some((o) => o.orderId === order.orderId) ? order.orderId : ''} onChange={(e) => void open((e.target as HTMLSelectElement).value)}>
        <option value="">{choices === null ? 'Loading…' : `Choose (${choices.orders.length})…`}</option>
        {choices?.orders.map((o) => (
          <option key={o.orderId} value={o.orderId}>
            {`${o.orderId} · ${o.customer} · ${o.units} allocated`}
          </option>
        ))}
      </select>
      {choices?.message ? <p class="muted">{choices.message}</p> : null}
      <label for="typed">or Order ID</label>
      <div class="row">
        <input id="typed" type="text" autocomplete="off" value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), void open(typed))} />
        <button type="button" disabled={busy || typed.trim() === ''} onClick={() => void open(typed)}>
          Open
        </button>
      </div>
      {notice ? (
        <p class="msg" id="notice">
          {notice}
        </p>
      ) : null}
      {order && order.items.length > 0 ? (
        <fieldset data-testid="order">
          <legend>
            Order {order.orderId} · {order.customer}
          </legend>
          <table>
            <thead>
              <tr>
                <th>Item</th>
                <th class="num">To ship</th>
                <th class="num">Units shipped</th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((i) => (
                <tr key={i.sku}>
                  <td>
                    {i.sku}
                    {i.product ? <span class="muted"> · {i.product}</span> : null}
                  </td>
                  <td class="num">{i.open}</td>
                  <td class="num">
                    <input
                      type="number"
                      min={0}
                      max={i.open}
                      step={1}
                      data-sku={i.sku}
                      aria-label={`Units of ${i.sku} shipped`}
                      value={units[i.sku] ?? ''}
                      onInput={(e) => setUnits({ ...units, [i.sku]: (e.target as HTMLInputElement).value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row">
            <span>
              <label for="carrier">Carrier</label>
              <select id="carrier" value={carrier} onChange={(e) => setCarrier((e.target as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                {choices?.carriers.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
                <option value={OTHER}>Other…</option>
              </select>
            </span>
            {carrier === OTHER ? (
              <span>
                <label for="other">Carrier name</label>
                <input id="other" type="text" value={other} onInput={(e) => setOther((e.target as HTMLInputElement).value)} />
              </span>
            ) : null}
            <span class="grow">
              <label for="tracking">Tracking</label>
              <input id="tracking" type="text" autocomplete="off" spellcheck={false} value={tracking} onInput={(e) => setTracking((e.target as HTMLInputElement).value)} />
            </span>
          </div>
        </fieldset>
      ) : null}
      <div class="dialog-footer">
        {result ? (
          <div id="result" class={`msg ${result.ok ? 'ok' : 'error'}`} role="status">
            {result.message}
            {result.problems.length > 0 ? (
              <ul>
                {result.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {error ? (
          <p class="msg error" role="alert">
            {error}
          </p>
        ) : null}
        <p class="actions">
          <button type="submit" class="primary" data-testid="record" disabled={busy || !order || order.items.length === 0}>
            {busy ? 'Working…' : 'Record shipment'}
          </button>
          <button type="button" onClick={() => google.script.host.close()}>
            Close
          </button>
        </p>
      </div>
    </form>
  );
}

render(<Dialog />, document.getElementById('app')!);
declare const google: { script: { host: { close(): void } } };

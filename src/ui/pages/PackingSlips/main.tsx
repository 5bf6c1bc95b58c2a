/**
 * "Print packing slips…": one page per order with units allocated, each item marked shipping now, shipped
 * earlier or still on backorder, with the shop's name and support details. Print uses the browser's own print
 * (one order per page: style.css). Every value is text from the server, shown as text.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { failureMessage, server } from '../../lib/server';
import type { PackingMark, PackingSlip, PackingSlipsResult } from '../../../shared/packingTypes';

const LABEL: Record<PackingMark, string> = {
  'shipping now': 'Shipping now',
  'shipped earlier': 'Shipped earlier',
  'still on backorder': 'Still on backorder',
};
const TONE: Record<PackingMark, string> = { 'shipping now': 'tone-green', 'shipped earlier': 'tone-grey', 'still on backorder': 'tone-amber' };

function Slip({ slip }: { slip: PackingSlip }) {
  const { shop } = slip;
  return (
    <article class="slip" data-testid="slip">
      <header>
        <h1>{shop.name}</h1>
        <p>
          Packing slip{slip.orderId ? ` · Order ${slip.orderId}` : ''}
          {slip.customer ? <span class="customer"> · For {slip.customer}</span> : null}
        </p>
      </header>
      <table>
        <thead>
          <tr>
            <th>Item</th>
            <th>SKU</th>
            <th class="num">Units</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {slip.items.map((i, n) => (
            <tr key={n} data-mark={i.mark}>
              <td>{i.product}</td>
              <td>{i.sku}</td>
              <td class="num">{i.units}</td>
              <td>
                <span class={`badge ${TONE[i.mark]}`}>{LABEL[i.mark]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {slip.note ? <p>{slip.note}</p> : null}
      <footer>
        Questions about your order? {shop.phone ? `Call ${shop.phone}` : ''}
        {shop.phone && shop.email ? ' or email ' : shop.email ? 'Email ' : ''}
        {shop.email}
        {shop.phone || shop.email ? '.' : 'Just reply to our email.'}
      </footer>
    </article>
  );
}

function Dialog() {
  const [result, setResult] = useState<PackingSlipsResult | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    server()
      .getPackingSlips()
      .then(setResult)
      .catch((e: unknown) => setError(failureMessage(e)));
  }, []);
  const n = result?.slips.length ?? 0;
  return (
    <div class="packing">
      <div class="toolbar no-print">
        <p id="summary" role="status">
          {error ? '' : result === null ? 'Reading the allocations…' : n > 0 ? `${n} ${n === 1 ? 'order' : 'orders'} to pack: one page each.${result.message ? ` ${result.message}` : ''}` : result.message}
        </p>
        <button type="button" class="primary" disabled={n === 0} onClick={() => window.print()}>
          Print…
        </button>{' '}
        <button type="button" onClick={() => google.script.host.close()}>
          Close
        </button>
      </div>
      {error ? (
        <p class="msg error no-print" role="alert">
          {error}
        </p>
      ) : null}
      <main>{result?.slips.map((s, i) => <Slip key={i} slip={s} />)}</main>
    </div>
  );
}

render(<Dialog />, document.getElementById('app')!);
declare const google: { script: { host: { close(): void } } };

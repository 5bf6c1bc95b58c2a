/**
 * "Send extended stock-out update…": pick an out-of-stock item, write "Your message" (what the manager wants to
 * say; the template's `{{…}}` text stays out of sight unless they choose *Edit the whole email*), see the
 * email exactly as the first recipient will get it (rendered by the same code the server sends with: the
 * HTML part in a sandboxed frame that runs no script, the plain-text part as text), see how many customers
 * it goes to and the remaining daily quota, then send. The server checks everything again (manager, dates,
 * size, request id). Who waits (names, emails) comes from the server to managers only.
 */
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { failureMessage, server } from '../../lib/server';
import type { ExtendedStockOutReport, StockOutItem, StockOutList } from '../../../shared/stockOutTypes';
import { finishedEmailProblem, recipientsOf, renderExtended, templateProblem, textProblem } from '../../../core/stockOut';

function newRequestId(): string {
  const c = typeof crypto !== 'undefined' ? crypto : undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const errorText = failureMessage;

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

function Dialog() {
  const [list, setList] = useState<StockOutList | null>(null);
  const [loadError, setLoadError] = useState('');
  const [sku, setSku] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [message, setMessage] = useState('');
  const [editWhole, setEditWhole] = useState(false);
  /** The segments ticked (they start as Settings › Notify segments); none ticked: nobody to write to. */
  const [segments, setSegments] = useState<string[]>([]);
  const [requestId, setRequestId] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<ExtendedStockOutReport | null>(null);
  const [sendError, setSendError] = useState('');

  const load = () => {
    setLoadError('');
    server()
      .listStockOuts()
      .then((l) => {
        setList(l);
        // The text is set once: "Send another update" keeps what the manager wrote.
        setSubject((cur) => cur || l.template.subject);
        setBody((cur) => cur || l.template.body);
      })
      .catch((e: unknown) => setLoadError(errorText(e)));
  };
  useEffect(load, []);

  const item: StockOutItem | undefined = list?.items.find((i) => i.sku === sku);

  const choose = (i: StockOutItem) => {
    if (!list) return;
    setSku(i.sku);
    setSegments(i.segments.filter((s) => list.notifySegments.includes(s)));
    setRequestId(newRequestId());
    setResult(null);
    setSendError('');
  };

  const recipients = useMemo(() => (item && segments.length > 0 ? recipientsOf(item.waiting, segments) : []), [item, segments]);
  const textIssue = useMemo(() => textProblem(subject, body, message) ?? templateProblem({ subject, body }), [subject, body, message]);
  const preview = useMemo(() => {
    if (!item || !list || recipients.length === 0 || textIssue) return null;
    try {
      return renderExtended({ subject, body }, recipients[0], item, list.shop, message);
    } catch {
      return null;
    }
  }, [item, list, recipients, subject, body, message, textIssue]);
  // The server refuses any email that would show a date once the values are filled in; say so here first.
  const previewIssue = preview ? finishedEmailProblem(preview) : null;
  const problem = textIssue ?? (previewIssue ? `${previewIssue} once the values are filled in; the server would refuse it. Please reword the message.` : null);

  const toggleSegment = (s: string, on: boolean) => setSegments((cur) => (on ? [...cur.filter((x) => x !== s), s] : cur.filter((x) => x !== s)));

  const send = (confirmResend: boolean) => {
    if (!item || sending) return;
    setSending(true);
    setSendError('');
    server()
      .sendExtendedStockOut({ id: requestId, sku: item.sku, subject, body, message, segments, confirmResend })
      .then((r) => setResult(r))
      .catch((e: unknown) => setSendError(errorText(e)))
      .finally(() => setSending(false));
  };

  if (loadError) {
    return (
      <div class="so">
        <p class="error" role="alert">The stock-out list could not be loaded: {loadError}</p>
        <button onClick={load}>Try again</button>
      </div>
    );
  }
  if (!list) return <div class="so"><p class="muted">Loading out-of-stock items…</p></div>;

  if (result && result.outcome === 'done') {
    return (
      <div class="so" data-testid="report">
        <h2>Update about {result.sku}</h2>
        <p data-testid="report-message">{result.message}</p>
        <table class="counts">
          <tbody>
            <tr><th>Sent</th><td data-testid="report-sent">{result.sent}</td></tr>
            <tr><th>Failed</th><td data-testid="report-failed">{result.failed}</td></tr>
            <tr><th>Waiting for quota</th><td data-testid="report-waiting">{result.waiting}</td></tr>
          </tbody>
        </table>
        {result.testMode && <p class="note">Send mode is Test: every email went to the Test recipient.</p>}
        {result.failures.length > 0 && (
          <ul class="failures">
            {result.failures.map((f) => <li key={f.email}>{f.email}: {f.error}</li>)}
          </ul>
        )}
        <div class="actions">
          <button onClick={() => { setResult(null); setSku(''); load(); }}>Send another update</button>
          <button class="primary" onClick={() => google.script.host.close()}>Close</button>
        </div>
      </div>
    );
  }

  const quota = list.quotaRemaining;
  const shortfall = Math.max(0, recipients.length - quota);
  const canSend = list.isManager && !!item && recipients.length > 0 && !problem && !sending;

  return (
    <div class="so">
      {!list.isManager && <p class="error" role="alert" data-testid="permission">{list.permissionNote}</p>}
      {list.sendMode === 'Test' && (
        <p class="note">
          Send mode is Test: every email goes to {list.testRecipient || 'the Test recipient (not set)'}.
          {list.liveRefused.length > 0 && ` Settings says Live, but the go-live checklist still needs: ${list.liveRefused.join(', ')}.`}
        </p>
      )}
      {list.queued.length > 0 && (
        <p class="note">Waiting for the next daily run: {list.queued.map((q) => `${q.product} (${plural(q.customers, 'customer')})`).join(', ')}.</p>
      )}
      <div class="layout">
        <div class="items">
          <h3>Out of stock</h3>
          {list.items.length === 0 && <p class="muted">No item is out of stock.</p>}
          <ul role="listbox" aria-label="Out-of-stock items">
            {list.items.map((i, idx) => (
              <li
                key={i.sku}
                role="option"
                aria-selected={i.sku === sku}
                class={i.sku === sku ? 'selected' : ''}
                data-sku={i.sku}
                // Reachable and choosable by keyboard: Tab to the list, arrows to move, Enter or Space to choose.
                tabIndex={i.sku === sku || (!item && idx === 0) ? 0 : -1}
                onClick={() => choose(i)}
                onKeyDown={(e) => {
                  const li = e.currentTarget as HTMLElement;
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    choose(i);
                  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    const next = (e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling) as HTMLElement | null;
                    if (next) {
                      li.tabIndex = -1;
                      next.tabIndex = 0;
                      next.focus();
                    }
                  }
                }}
              >
                <div class="product">{i.product}</div>
                <div class="muted">
                  {i.sku} · {plural(i.customers, 'customer')} · {plural(i.units, 'unit')}
                  {i.sentToday > 0 && <span class="badge"> sent today</span>}
                </div>
              </li>
            ))}
          </ul>
        </div>
        <div class="compose">
          {!item && <p class="muted">Choose an item to write to everyone waiting for it.</p>}
          {item && (
            <div>
              <p class="eta">Arrival wording for customers: <em>{item.etaPhrase}</em></p>
              {item.segments.length > 0 && (
                <fieldset class="segments">
                  <legend>Segments (Settings › Notify segments ticked)</legend>
                  {item.segments.map((s) => (
                    <label key={s}>
                      <input
                        type="checkbox"
                        name="segment"
                        value={s}
                        checked={segments.includes(s)}
                        onChange={(e) => toggleSegment(s, (e.currentTarget as HTMLInputElement).checked)}
                      />
                      {s}
                    </label>
                  ))}
                </fieldset>
              )}
              <label class="field">
                Your message
                <textarea
                  name="message"
                  rows={4}
                  value={message}
                  placeholder="What you want to tell everyone waiting, in your own words (no dates)."
                  onInput={(e) => setMessage((e.currentTarget as HTMLTextAreaElement).value)}
                />
              </label>
              <p class="hint">It goes into the email below the greeting; the preview shows the whole email.</p>
              {!editWhole && (
                <button type="button" class="link" data-testid="edit-whole" onClick={() => setEditWhole(true)}>
                  Edit the whole email
                </button>
              )}
              {editWhole && (
                <div class="whole" data-testid="whole-email">
                  <label class="field">
                    Subject
                    <input type="text" name="subject" value={subject} onInput={(e) => setSubject((e.currentTarget as HTMLInputElement).value)} />
                  </label>
                  <label class="field">
                    Whole email
                    <textarea name="body" rows={8} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} />
                  </label>
                  <p class="hint" data-testid="placeholders">
                    Placeholders: {'{{customer}}'}, {'{{orderId}}'} (write {'order{{#orderId}} {{orderId}}{{/orderId}}'}), {'{{eta}}'}, {'{{message}}'} (your message),{' '}
                    {'{{#items}}…{{/items}}'} with {'{{product}}'}, {'{{sku}}'}, {'{{quantity}}'}, {'{{eta}}'} inside;{' '}
                    {'{{#several}}…{{/several}}'} (shown when more than one item), {'{{supportPhone}}'}, {'{{senderName}}'}. Any other name, or{' '}
                    {'{{product}}'} outside the items block, is refused with the reason.
                  </p>
                  <button
                    type="button"
                    class="link"
                    onClick={() => {
                      setSubject(list.template.subject);
                      setBody(list.template.body);
                      setEditWhole(false);
                    }}
                  >
                    Back to the standard email
                  </button>
                </div>
              )}
              {problem && <p class="error" role="alert" data-testid="text-problem">{problem}</p>}
              {list.isManager ? (
                <p data-testid="recipients">
                  Goes to {plural(recipients.length, 'customer')} (one personal email each). Emails left today: {quota}.
                </p>
              ) : (
                <p data-testid="recipients">
                  {plural(item.customers, 'customer')} waiting ({plural(item.units, 'unit')}). Emails left today: {quota}. Only managers see who is waiting and the preview.
                </p>
              )}
              {shortfall > 0 && (
                <p class="warning" data-testid="shortfall">
                  The daily email quota covers {Math.min(quota, recipients.length)} of them; the other {shortfall} will be sent by the next daily run, oldest backorders first.
                </p>
              )}
              {item.sentToday > 0 && <p class="warning">An update about this item already went to {plural(item.sentToday, 'customer')} today.</p>}
              {item.unreachable.length > 0 && <p class="muted">{plural(item.unreachable.length, 'waiting line')} cannot be emailed: {item.unreachable.slice(0, 3).join('; ')}.</p>}
              {preview && (
                <div class="preview" data-testid="preview">
                  <div class="muted">Preview, as {recipients[0].customer || recipients[0].email} will get it</div>
                  <div class="subject" data-testid="preview-subject">{preview.subject}</div>
                  {/* The email's HTML part, escaped by the same renderer the server sends with; sandbox="" (first, so it
                      applies before the content loads) lets the frame run no script at all. */}
                  <iframe sandbox="" srcdoc={preview.html} title="Email preview (HTML)" class="frame" data-testid="preview-frame" />
                  <details class="plain">
                    <summary data-testid="preview-plain-toggle">Plain-text part</summary>
                    <div class="body" data-testid="preview-body">{preview.text}</div>
                  </details>
                </div>
              )}
              {/* What needs an answer, and Send / Cancel, stay in view at the bottom however long the preview is. */}
              <div class="footer" data-testid="footer">
                {result && result.outcome === 'confirm' && (
                  <div class="warning" role="alert" data-testid="confirm">
                    <p>{result.message}</p>
                    <button class="primary" disabled={sending} onClick={() => send(true)}>Send again</button>{' '}
                    <button onClick={() => setResult(null)}>Don't send</button>
                  </div>
                )}
                {result && result.outcome !== 'confirm' && (
                  <p class="error" role="alert" data-testid="refusal">{result.message}</p>
                )}
                {sendError && <p class="error" role="alert">{sendError}</p>}
                <div class="actions">
                  <button onClick={() => google.script.host.close()}>Cancel</button>
                  <button class="primary" data-testid="send" disabled={!canSend} onClick={() => send(false)}>
                    {sending ? 'Sending…' : list.sendMode === 'Test' ? `Send ${plural(recipients.length, 'test email')} to ${list.testRecipient || 'the Test recipient'}` : `Send to ${plural(recipients.length, 'customer')}`}
                  </button>
                </div>
              </div>
            </div>
          )}
        </div>
      </div>
      {list.problems.length > 0 && (
        <details class="problems">
          <summary>{plural(list.problems.length, 'sheet problem')}</summary>
          <ul>{list.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </details>
      )}
    </div>
  );
}

declare const google: { script: { host: { close(): void } } };

render(<Dialog />, document.getElementById('app') as HTMLElement);

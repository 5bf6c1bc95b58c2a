/** Mail the add-on sent: a list, and the chosen email (HTML in a frame without scripts, as a mail client shows it). */
import { useState } from 'preact/hooks';
import type { StateJson } from '../api';

export function Outbox(props: { mails: StateJson['outbox'] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (props.mails.length === 0) return <p class="empty">No email sent yet. Move the clock forward to let the daily notices run.</p>;
  const mails = [...props.mails].reverse();
  const shown = mails.find((m) => m.id === open) ?? mails[0];
  return (
    <div class="outbox">
      <ul class="mail-list">
        {mails.map((m) => (
          <li key={m.id}>
            <button type="button" class={m.id === shown.id ? 'mail active' : 'mail'} data-mail-to={m.to} onClick={() => setOpen(m.id)}>
              <span class="mail-to">{m.to}</span>
              <span class="mail-subject">{m.subject}</span>
              <span class="mail-at">{m.at}</span>
            </button>
          </li>
        ))}
      </ul>
      <article class="mail-view" data-mail-id={shown.id}>
        <dl>
          <dt>From</dt>
          <dd>{shown.fromName || '(the sending account)'}</dd>
          <dt>To</dt>
          <dd class="to">{shown.to}</dd>
          {shown.cc && (
            <>
              <dt>Cc</dt>
              <dd>{shown.cc}</dd>
            </>
          )}
          {shown.bcc && (
            <>
              <dt>Bcc</dt>
              <dd>{shown.bcc}</dd>
            </>
          )}
          {shown.replyTo && (
            <>
              <dt>Reply-to</dt>
              <dd>{shown.replyTo}</dd>
            </>
          )}
          <dt>Subject</dt>
          <dd class="subject">{shown.subject}</dd>
        </dl>
        {shown.html !== null ? (
          <iframe class="mail-body" title={`Email to ${shown.to}`} sandbox="" srcdoc={shown.html} />
        ) : (
          <pre class="mail-text">{shown.text}</pre>
        )}
      </article>
    </div>
  );
}

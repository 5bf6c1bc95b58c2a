/**
 * "Connect Slack…": paste a Slack incoming-webhook URL and save it. The URL goes to the server and
 * is stored in Document Properties; this page is only ever told whether one is connected. An empty
 * field disconnects, after a confirmation. Only managers and the account the hourly run uses may change it
 * (the server checks every call); anyone else is told why and Save stays disabled.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { failureMessage, server } from '../../lib/server';
import type { ConnectSlackResult } from '../../../shared/slackTypes';

function Dialog() {
  const [status, setStatus] = useState<ConnectSlackResult | null>(null);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectSlackResult | null>(null);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    server()
      .getSlackConnection()
      .then(setStatus)
      .catch((e) => setError(failureMessage(e)));
  }, []);

  const save = async (value: string) => {
    setBusy(true);
    setError('');
    setResult(null);
    try {
      const r = await server().connectSlack(value);
      setResult(r);
      setStatus((s) => ({ ok: true, connected: r.connected, message: '', canChange: r.canChange ?? s?.canChange, whyNot: r.ok ? s?.whyNot : r.canChange === false ? r.message : s?.whyNot }));
      if (r.ok) setUrl('');
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const onSubmit = (ev: Event) => {
    ev.preventDefault();
    if (url.trim() === '') setConfirming(true);
    else void save(url);
  };

  return (
    // noValidate: the browser's own URL check would silently block a pasted URL without a scheme;
    // the server's answer says what a webhook URL looks like instead.
    <form onSubmit={onSubmit} noValidate style={{ padding: '12px 16px' }}>
      <p id="status" class="muted">
        {status === null ? 'Checking…' : status.connected ? 'Slack is connected. Stock alerts are posted to its channel.' : 'Slack is not connected.'}
      </p>
      {status?.canChange === false ? (
        <p id="refused" class="msg error" role="alert">
          {status.whyNot}
        </p>
      ) : null}
      <label for="url">Incoming-webhook URL</label>
      <input
        id="url"
        type="url"
        autocomplete="off"
        spellcheck={false}
        placeholder="https://hooks.slack.com/services/…"
        style={{ width: '100%' }}
        value={url}
        onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
      />
      <p class="muted">
        Create one in Slack (Apps › Incoming Webhooks) for the customer-care channel. It is stored with the script, never in a cell.
        {status?.connected ? ' Leave the field empty and save to disconnect.' : ''}
      </p>
      {confirming ? (
        <div class="msg" role="alertdialog" aria-label="Disconnect Slack">
          <p>Disconnect Slack? Stock alerts will then go by email only.</p>
          <button type="button" class="primary" disabled={busy} onClick={() => void save('')}>
            Disconnect
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <p>
          <button type="submit" class="primary" disabled={busy || status?.canChange === false || (url.trim() === '' && !status?.connected)}>
            {busy ? 'Saving…' : 'Save'}
          </button>{' '}
          <button type="button" onClick={() => google.script.host.close()}>
            Close
          </button>
        </p>
      )}
      {result ? (
        <p id="result" class={`msg ${result.ok ? 'ok' : 'error'}`} role="status">
          {result.message}
        </p>
      ) : null}
      {error ? (
        <p class="msg error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

render(<Dialog />, document.getElementById('app')!);
declare const google: { script: { host: { close(): void } } };

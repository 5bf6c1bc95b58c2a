/**
 * The page's link to the workbench server: the state it shows, the actions a person takes (each a POST, followed
 * by a fresh state), and what the add-on says back (errors, alerts, toasts, questions) as the banner's message.
 * It follows the server's version, so changes made by the add-on's pages in their frames show up too.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getState, getVersion, post, type ActionResult, type StateJson } from './api';
import type { Message } from './components/Banner';

export function useWorkbench() {
  const [state, setState] = useState<StateJson | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const seen = useRef({ alerts: -1, toasts: -1 });
  const sheetRef = useRef<string | null>(null);
  sheetRef.current = sheet;

  const refresh = useCallback(async () => {
    const s = await getState(sheetRef.current);
    setState(s);
    // Alerts and toasts the add-on showed since the last look.
    if (seen.current.alerts >= 0 && s.alerts.length > seen.current.alerts) {
      const a = s.alerts[s.alerts.length - 1];
      setMessage({ kind: 'info', text: [a.title, a.prompt].filter(Boolean).join(': ') });
    } else if (seen.current.toasts >= 0 && s.toasts.length > seen.current.toasts) {
      const t = s.toasts[s.toasts.length - 1];
      setMessage({ kind: 'info', text: [t.title, t.message].filter(Boolean).join(': ') });
    }
    seen.current = { alerts: s.alerts.length, toasts: s.toasts.length };
    return s;
  }, []);

  const run = useCallback(
    async (path: string, body: unknown): Promise<ActionResult> => {
      setBusy(true);
      try {
        const r = await post(path, body);
        if (!r.ok) setMessage({ kind: 'error', text: r.error ?? 'Something went wrong' });
        await refresh();
        return r;
      } finally {
        setBusy(false);
      }
    },
    [refresh],
  );

  // A menu item that shows nothing itself still says it ran, as Sheets' "Finished script" does.
  const runMenu = useCallback(
    async (title: string, label: string, answer?: 'YES' | 'OK') => {
      const before = await getState(sheetRef.current);
      const r = await run('/api/menu', { title, label, answer });
      if (!r.ok) return;
      const after = await getState(sheetRef.current);
      const asked = after.alerts.slice(before.alerts.length);
      const question = asked.find((a) => a.question !== null);
      if (question && !answer) {
        // As in Sheets, the question waits for the person: nothing happened yet.
        setMessage({ kind: 'question', text: [question.title, question.prompt].filter(Boolean).join(': '), ask: { title, label, yes: question.question ?? 'YES' } });
        return;
      }
      const said = asked.filter((a) => a.question === null);
      if (said.length > 0) {
        const a = said[said.length - 1];
        setMessage({ kind: 'info', text: [a.title, a.prompt].filter(Boolean).join(': ') });
        return;
      }
      // A toast is what the add-on said: shown in the banner, as Sheets shows it in a corner.
      const toast = after.toasts.length > before.toasts.length ? after.toasts[after.toasts.length - 1] : null;
      if (toast) {
        setMessage({ kind: 'info', text: [toast.title, toast.message].filter(Boolean).join(': ') });
        return;
      }
      const showed =
        (!answer && asked.length > 0) ||
        (after.sidebar?.url ?? null) !== (before.sidebar?.url ?? null) ||
        (after.dialog?.url ?? null) !== (before.dialog?.url ?? null);
      if (showed) return;
      const last = after.executions[after.executions.length - 1];
      const summary = last && last.via === 'menu' && last.logs.length > 0 ? ` ${last.logs[last.logs.length - 1]}` : '';
      setMessage({ kind: 'info', text: `Finished: ${label}.${summary}` });
    },
    [run],
  );

  useEffect(() => {
    void refresh();
  }, [sheet, refresh]);

  // Escape closes an open dialog (as in Sheets) when the workbench page has the focus.
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape' && state?.dialog && !document.querySelector('.menu-items')) void run('/api/panel/close', { kind: 'dialog' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state?.dialog, run]);

  // Pages in frames change the workbook through google.script.run: follow the server's version.
  useEffect(() => {
    let last = -1;
    let stopped = false;
    const tick = async () => {
      try {
        const v = await getVersion();
        if (last !== -1 && v !== last) await refresh();
        last = v;
      } catch {
        // The server is gone or busy; try again on the next tick.
      }
      if (!stopped) setTimeout(tick, 700);
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, [refresh]);

  // google.script.host.close() from a page frame.
  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const data = ev.data as { type?: string } | null;
      if (!data || data.type !== 'google.script.host.close') return;
      for (const kind of ['sidebar', 'dialog'] as const) {
        const frame = document.querySelector<HTMLIFrameElement>(`iframe[data-panel="${kind}"]`);
        if (frame && frame.contentWindow === ev.source) void run('/api/panel/close', { kind });
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [run]);

  return { state, setSheet, message, setMessage, busy, run, runMenu };
}

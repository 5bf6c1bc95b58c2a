/**
 * The workbench page: the workbook as sheet tabs with the add-on's computed colours, the add-on's menu,
 * its sidebars and dialogs (the real built pages, in sandboxed frames), a clock, the outbox, the Slack
 * channel and the executions log. Everything from the workbook is rendered as text (JSX escapes it);
 * emails are shown in sandboxed frames without scripts, as a mail client would.
 */
import { render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { columnToLetters } from '../../emulator/spreadsheet/a1';
import { getState, getVersion, post, type ActionResult, type CellJson, type MenuItem, type PanelJson, type StateJson } from './api';

// The emulator's own A1 column letters (a pure module, bundled into the page).
const columnLetters = columnToLetters;

type Tab = 'outbox' | 'slack' | 'log';

function App() {
  const [state, setState] = useState<StateJson | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  /** `ask`: a menu item's question, answered here (Yes runs it again with that answer; No leaves it declined). */
  const [message, setMessage] = useState<{ kind: 'error' | 'info' | 'question'; text: string; ask?: { title: string; label: string; yes: 'YES' | 'OK' } } | null>(null);
  const [tab, setTab] = useState<Tab>('outbox');
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
      const showed =
        (!answer && asked.length > 0) ||
        after.toasts.length > before.toasts.length ||
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

  if (!state) return <div class="loading">Loading the workbench…</div>;
  const current = state.sheet?.name ?? null;

  return (
    <div class={`shell${busy ? ' busy' : ''}`}>
      <header class="topbar">
        <div class="title">
          <strong>{state.workbook.name}</strong>
          <span class="path" title={state.workbook.path}>
            {state.workbook.path}
          </span>
        </div>
        <nav class="menubar">
          {state.menus.map((m) => (
            <Menu key={m.title} title={m.title} items={m.items} onPick={(label) => void runMenu(m.title, label)} />
          ))}
        </nav>
        <Clock clock={state.clock} triggers={state.triggers} onAction={(body) => void run('/api/clock', body)} />
      </header>
      {message && (
        <div class={`banner ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          <span>{message.text}</span>
          {message.ask && (
            <span class="answers">
              <button type="button" class="primary" onClick={() => message.ask && void runMenu(message.ask.title, message.ask.label, message.ask.yes)}>
                {message.ask.yes === 'OK' ? 'OK' : 'Yes'}
              </button>
              <button type="button" onClick={() => setMessage(null)}>
                {message.ask.yes === 'OK' ? 'Cancel' : 'No'}
              </button>
            </span>
          )}
          <button type="button" class="link" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <main class="main">
        <section class="workbook">
          {state.sheet ? (
            <Grid
              key={state.sheet.name}
              sheet={state.sheet}
              onEdit={(row, col, value) => run('/api/edit', { sheet: current, row, col, value })}
              onPaste={(row, col, values) => run('/api/paste', { sheet: current, row, col, values })}
            />
          ) : (
            <div class="empty">This workbook has no sheets.</div>
          )}
          <div class="tabs" role="tablist">
            {state.sheets.map((name) => (
              <button
                type="button"
                role="tab"
                key={name}
                class={name === current ? 'tab active' : 'tab'}
                aria-selected={name === current}
                onClick={() => setSheet(name)}
              >
                {name}
              </button>
            ))}
          </div>
        </section>
        {state.sidebar && <Sidebar panel={state.sidebar} onClose={() => void run('/api/panel/close', { kind: 'sidebar' })} />}
      </main>
      <section class="panels">
        <div class="panel-tabs" role="tablist">
          <PanelTab id="outbox" tab={tab} setTab={setTab} label={`Outbox (${state.outbox.length})`} />
          <PanelTab id="slack" tab={tab} setTab={setTab} label={`Slack (${state.slack.length})`} />
          <PanelTab
            id="log"
            tab={tab}
            setTab={setTab}
            label={`Executions (${state.executions.length})`}
            warn={state.executions.some((e) => e.error)}
          />
        </div>
        <div class="panel-body">
          {tab === 'outbox' && <Outbox mails={state.outbox} />}
          {tab === 'slack' && <Slack messages={state.slack} />}
          {tab === 'log' && <Executions runs={state.executions} />}
        </div>
      </section>
      {state.dialog && <Dialog panel={state.dialog} onClose={() => void run('/api/panel/close', { kind: 'dialog' })} />}
    </div>
  );
}

function PanelTab(props: { id: Tab; tab: Tab; setTab: (t: Tab) => void; label: string; warn?: boolean }) {
  return (
    <button
      type="button"
      role="tab"
      data-panel-tab={props.id}
      class={`${props.tab === props.id ? 'tab active' : 'tab'}${props.warn ? ' warn' : ''}`}
      aria-selected={props.tab === props.id}
      onClick={() => props.setTab(props.id)}
    >
      {props.label}
    </button>
  );
}

function Menu(props: { title: string; items: MenuItem[]; onPick: (label: string) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (ev: MouseEvent) => {
      if (ref.current && !ref.current.contains(ev.target as Node)) setOpen(false);
    };
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const renderItems = (items: MenuItem[]) =>
    items.map((item, i) =>
      item === 'separator' ? (
        <li key={`sep${i}`} class="separator" role="separator" />
      ) : item.submenu ? (
        <li key={item.label} class="submenu">
          <span>{item.label} ▸</span>
          <ul>{renderItems(item.submenu)}</ul>
        </li>
      ) : (
        <li key={item.label}>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              props.onPick(item.label);
            }}
          >
            {item.label}
          </button>
        </li>
      ),
    );
  return (
    <div
      class="menu"
      ref={ref}
      onKeyDown={(ev) => {
        if (ev.key === 'Escape') setOpen(false);
      }}
    >
      <button type="button" class={open ? 'menu-title open' : 'menu-title'} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {props.title}
      </button>
      {open && (
        <ul class="menu-items" role="menu">
          {renderItems(props.items)}
        </ul>
      )}
    </div>
  );
}

function Clock(props: { clock: StateJson['clock']; triggers: StateJson['triggers']; onAction: (body: unknown) => void }) {
  const [to, setTo] = useState('');
  const clockTriggers = props.triggers.filter((t) => t.kind === 'clock');
  const next = clockTriggers.map((t) => `${t.handler} ${t.due ?? ''}`).join(', ');
  return (
    <div class="clock">
      <span class="now" data-clock={props.clock.iso} title={next ? `Time-driven triggers: ${next}` : 'No time-driven triggers'}>
        {props.clock.label}
      </span>
      <button type="button" onClick={() => props.onAction({ action: 'hour' })}>
        +1 hour
      </button>
      <button type="button" onClick={() => props.onAction({ action: 'day' })}>
        +1 day
      </button>
      <button type="button" onClick={() => props.onAction({ action: '3days' })}>
        +3 days
      </button>
      <form
        class="to-date"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (to) props.onAction({ action: 'to', to });
        }}
      >
        <input type="date" aria-label="Move the clock to" min={props.clock.date} value={to} onInput={(ev) => setTo((ev.target as HTMLInputElement).value)} />
        <button type="submit">Go</button>
      </form>
    </div>
  );
}

/** What a paste holds, as cells: rows by line, columns by tab (what Sheets and spreadsheets put on the clipboard). */
function pastedCells(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const rows = lines.map((l) => l.split('\t'));
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

function Grid(props: {
  sheet: NonNullable<StateJson['sheet']>;
  onEdit: (row: number, col: number, value: string) => Promise<ActionResult>;
  onPaste: (row: number, col: number, values: string[][]) => Promise<ActionResult>;
}) {
  const { sheet } = props;
  const [editing, setEditingState] = useState<{ row: number; col: number; value: string } | null>(null);
  // The edit in progress, read synchronously: Enter and the blur that follows must commit once.
  const editingRef = useRef<{ row: number; col: number; value: string } | null>(null);
  const setEditing = (e: { row: number; col: number; value: string } | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  const [selected, setSelected] = useState<{ row: number; col: number } | null>(null);
  const commit = async () => {
    const e = editingRef.current;
    if (!e) return;
    setEditing(null);
    const original = sheet.rows[e.row - 1]?.[e.col - 1]?.edit ?? '';
    if (e.value !== original) await props.onEdit(e.row, e.col, e.value);
  };
  const width = Math.max(sheet.width, 1);
  const startEdit = (row: number, col: number, typed?: string) => {
    const cur = editingRef.current;
    // Keys typed quickly can arrive before the editor is on screen: they add to the edit already started.
    if (cur && cur.row === row && cur.col === col) {
      if (typed !== undefined) setEditing({ ...cur, value: cur.value + typed });
      return;
    }
    setEditing({ row, col, value: typed ?? sheet.rows[row - 1]?.[col - 1]?.edit ?? '' });
  };
  const move = (from: { row: number; col: number }, key: string) => {
    const row = Math.min(Math.max(from.row + (key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0), 1), sheet.rows.length);
    const col = Math.min(Math.max(from.col + (key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0), 1), width);
    setSelected({ row, col });
    document.querySelector<HTMLElement>(`td[data-cell="${columnLetters(col)}${row}"]`)?.focus();
  };
  return (
    <div class="grid-wrap">
      <table class="grid" data-sheet={sheet.name} data-editing={editing ? `${editing.row},${editing.col}` : ""}>
        <thead>
          <tr>
            <th class="corner" />
            {Array.from({ length: width }, (_, c) => (
              <th key={c} scope="col">
                {columnLetters(c + 1)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((row, r) => (
            <tr key={r}>
              <th scope="row">{r + 1}</th>
              {row.map((cell, c) => {
                const here = { row: r + 1, col: c + 1 };
                const isEditing = editing && editing.row === here.row && editing.col === here.col;
                const isSelected = selected && selected.row === here.row && selected.col === here.col;
                return (
                  <Cell
                    key={c}
                    cell={cell}
                    a1={`${columnLetters(here.col)}${here.row}`}
                    header={r === 0}
                    selected={!!isSelected}
                    editing={isEditing ? editing.value : null}
                    onSelect={() => setSelected(here)}
                    onStartEdit={(typed) => startEdit(here.row, here.col, typed)}
                    onClear={() => {
                      if ((sheet.rows[here.row - 1]?.[here.col - 1]?.edit ?? '') !== '') void props.onEdit(here.row, here.col, '');
                    }}
                    onMove={(key) => move(here, key)}
                    onPaste={(text) => void props.onPaste(here.row, here.col, pastedCells(text))}
                    onChange={(value) => setEditing({ ...here, value })}
                    onCommit={() => void commit()}
                    onCancel={() => setEditing(null)}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {sheet.totalRows > sheet.rows.length && (
        <p class="more">
          Showing the first {sheet.rows.length} of {sheet.totalRows} rows.
        </p>
      )}
    </div>
  );
}

function Cell(props: {
  cell: CellJson;
  a1: string;
  header: boolean;
  selected: boolean;
  editing: string | null;
  onSelect: () => void;
  onStartEdit: (typed?: string) => void;
  onClear: () => void;
  onMove: (key: string) => void;
  onPaste: (text: string) => void;
  onChange: (v: string) => void;
  onCommit: () => void;
  onCancel: () => void;
}) {
  const { cell } = props;
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    const el = input.current;
    if (props.editing !== null && el) {
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    }
  }, [props.editing !== null]);
  const style: Record<string, string> = {};
  if (cell.bg) style.backgroundColor = cell.bg;
  if (cell.fg) style.color = cell.fg;
  if (cell.bold) style.fontWeight = '600';
  const cls = ['cell', cell.type, props.header ? 'header' : '', props.selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <td
      class={cls}
      style={style}
      data-cell={props.a1}
      data-type={cell.type}
      tabIndex={0}
      onClick={props.onSelect}
      onDblClick={() => props.onStartEdit()}
      onKeyDown={(ev) => {
        // Only keys on the cell itself (not the Enter that committed its editor) start an edit.
        if (ev.target !== ev.currentTarget) return;
        const printable = ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
        if (props.editing !== null) {
          // The editor is on screen but not focused yet: the key belongs to it.
          if (printable) {
            ev.preventDefault();
            props.onStartEdit(ev.key);
          }
          return;
        }
        if (ev.key === 'Enter' || ev.key === 'F2') {
          ev.preventDefault();
          props.onStartEdit();
        } else if (printable) {
          // Typing on a selected cell replaces its content, as in Sheets.
          ev.preventDefault();
          props.onStartEdit(ev.key);
        } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
          ev.preventDefault();
          props.onClear();
        } else if (ev.key.startsWith('Arrow')) {
          ev.preventDefault();
          props.onMove(ev.key);
        }
      }}
      onPaste={(ev) => {
        if (props.editing !== null) return;
        const text = ev.clipboardData?.getData('text/plain') ?? '';
        if (text === '') return;
        ev.preventDefault();
        props.onPaste(text);
      }}
    >
      {props.editing !== null ? (
        <input
          ref={input}
          class="editor"
          value={props.editing}
          aria-label={`Edit ${props.a1}`}
          onInput={(ev) => props.onChange((ev.target as HTMLInputElement).value)}
          onKeyDown={(ev) => {
            ev.stopPropagation();
            if (ev.key === 'Enter') {
              ev.preventDefault();
              props.onCommit();
            } else if (ev.key === 'Escape') {
              ev.preventDefault();
              props.onCancel();
            }
          }}
          onBlur={props.onCommit}
        />
      ) : (
        <span class="text">{cell.text}</span>
      )}
    </td>
  );
}

/** The add-on's pages run sandboxed, as HtmlService pages do: scripts yes, same origin no. */
const PAGE_SANDBOX = 'allow-scripts allow-forms allow-modals allow-popups allow-downloads';

function Sidebar(props: { panel: PanelJson; onClose: () => void }) {
  return (
    <aside class="sidebar" aria-label={props.panel.title}>
      <div class="panel-head">
        <span class="panel-title">{props.panel.title}</span>
        <button type="button" class="link" aria-label="Close sidebar" onClick={props.onClose}>
          ×
        </button>
      </div>
      <iframe key={props.panel.url} data-panel="sidebar" title={props.panel.title} src={props.panel.url} sandbox={PAGE_SANDBOX} />
    </aside>
  );
}

function Dialog(props: { panel: PanelJson; onClose: () => void }) {
  const w = props.panel.width ?? 600;
  const h = props.panel.height ?? 420;
  return (
    <div class="overlay" role="dialog" aria-label={props.panel.title}>
      <div class="dialog" style={{ width: `${w}px` }}>
        <div class="panel-head">
          <span class="panel-title">{props.panel.title}</span>
          <button type="button" class="link" aria-label="Close dialog" onClick={props.onClose}>
            ×
          </button>
        </div>
        <iframe key={props.panel.url} data-panel="dialog" title={props.panel.title} src={props.panel.url} sandbox={PAGE_SANDBOX} style={{ height: `${h}px` }} />
      </div>
    </div>
  );
}

function Outbox(props: { mails: StateJson['outbox'] }) {
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

/** Slack's shortcodes as Slack shows them (the ones the add-on uses, and a few common ones). */
const EMOJI: Record<string, string> = {
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  date: '📅',
  warning: '⚠️',
  white_check_mark: '✅',
  x: '❌',
  package: '📦',
  truck: '🚚',
  bell: '🔔',
  information_source: 'ℹ️',
};

/** A Slack message's text as Slack renders it: :shortcodes: as emoji, &amp; &lt; &gt; as the characters. */
function slackDisplay(text: string): string {
  return text
    .replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function Slack(props: { messages: StateJson['slack'] }) {
  if (props.messages.length === 0) return <p class="empty">No Slack alert yet. Make an item's Available negative to see one.</p>;
  return (
    <ol class="slack">
      {[...props.messages].reverse().map((m) => (
        <li key={m.id} class="slack-message" data-slack-id={m.id}>
          <span class="slack-bot">Backorder Desk</span>
          <pre>{slackDisplay(m.text)}</pre>
        </li>
      ))}
    </ol>
  );
}

function Executions(props: { runs: StateJson['executions'] }) {
  return (
    <ol class="executions">
      {[...props.runs].reverse().map((e) => (
        <li key={e.id} class={e.error ? 'execution failed' : 'execution'}>
          <div class="execution-head">
            <span class="fn">{e.functionName}</span>
            <span class="via">{e.via}</span>
            <span class="at">{e.at}</span>
            <span class="status">{e.error ? 'Failed' : 'Completed'}</span>
          </div>
          {e.error && <div class="error">{e.error}</div>}
          {e.logs.length > 0 && <pre class="logs">{e.logs.join('\n')}</pre>}
        </li>
      ))}
    </ol>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);

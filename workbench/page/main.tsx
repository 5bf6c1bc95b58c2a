/**
 * The workbench page: the workbook as sheet tabs with the add-on's computed colours, the add-on's menu,
 * its sidebars and dialogs (the real built pages, in sandboxed frames), a clock, the outbox, the Slack
 * channel and the executions log. Everything from the workbook is rendered as text (JSX escapes it);
 * emails are shown in sandboxed frames without scripts, as a mail client would. This file only lays out
 * the components (components/*.tsx); useWorkbench.ts talks to the server.
 */
import { render } from 'preact';
import { Banner } from './components/Banner';
import { Clock } from './components/Clock';
import { Dialog, Sidebar } from './components/Frames';
import { Grid } from './components/Grid';
import { Menu } from './components/Menu';
import { Panels } from './components/Panels';
import { SheetTabs } from './components/SheetTabs';
import { useWorkbench } from './useWorkbench';

function App() {
  const { state, setSheet, message, setMessage, busy, run, runMenu } = useWorkbench();
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
      {message && <Banner message={message} onAnswer={(ask) => void runMenu(ask.title, ask.label, ask.yes)} onDismiss={() => setMessage(null)} />}
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
          <SheetTabs sheets={state.sheets} current={current} onPick={setSheet} />
        </section>
        {state.sidebar && <Sidebar panel={state.sidebar} onClose={() => void run('/api/panel/close', { kind: 'sidebar' })} />}
      </main>
      <Panels state={state} />
      {state.dialog && <Dialog panel={state.dialog} onClose={() => void run('/api/panel/close', { kind: 'dialog' })} />}
    </div>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);

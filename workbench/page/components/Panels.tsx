/** The tabbed area under the workbook: the outbox, the Slack channel and the executions log, with their counts. */
import { useState } from 'preact/hooks';
import type { StateJson } from '../api';
import { Executions } from './Executions';
import { Outbox } from './Outbox';
import { Slack } from './Slack';

type Tab = 'outbox' | 'slack' | 'log';

export function Panels(props: { state: StateJson }) {
  const { state } = props;
  const [tab, setTab] = useState<Tab>('outbox');
  return (
    <section class="panels">
      <div class="panel-tabs" role="tablist">
        <PanelTab id="outbox" tab={tab} setTab={setTab} label={`Outbox (${state.outbox.length})`} />
        <PanelTab id="slack" tab={tab} setTab={setTab} label={`Slack (${state.slack.length})`} />
        <PanelTab id="log" tab={tab} setTab={setTab} label={`Executions (${state.executions.length})`} warn={state.executions.some((e) => e.error)} />
      </div>
      <div class="panel-body">
        {tab === 'outbox' && <Outbox mails={state.outbox} />}
        {tab === 'slack' && <Slack messages={state.slack} />}
        {tab === 'log' && <Executions runs={state.executions} />}
      </div>
    </section>
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

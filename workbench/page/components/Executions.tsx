/** The executions log: each run of the add-on (what ran it, when, its log lines or error), newest first. */
import type { StateJson } from '../api';

export function Executions(props: { runs: StateJson['executions'] }) {
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

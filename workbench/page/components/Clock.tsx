/** The emulator's clock: now in the workbook's zone (time-driven triggers in its tooltip), and moving it forward. */
import { useState } from 'preact/hooks';
import type { StateJson } from '../api';

export function Clock(props: { clock: StateJson['clock']; triggers: StateJson['triggers']; onAction: (body: unknown) => void }) {
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

/** The Slack channel the stand-in webhook received, newest first, as Slack shows the messages. */
import type { StateJson } from '../api';

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

export function Slack(props: { messages: StateJson['slack'] }) {
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

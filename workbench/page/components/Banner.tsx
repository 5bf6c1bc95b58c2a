/**
 * The notice under the menu bar: an error from an action, what the add-on said (an alert, a toast, "Finished: …"),
 * or a question a menu item asked, answered here (Yes runs the item again with that answer; No leaves it declined).
 */
export interface Message {
  kind: 'error' | 'info' | 'question';
  text: string;
  ask?: { title: string; label: string; yes: 'YES' | 'OK' };
}

export function Banner(props: { message: Message; onAnswer: (ask: NonNullable<Message['ask']>) => void; onDismiss: () => void }) {
  const { message } = props;
  return (
    <div class={`banner ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      <span>{message.text}</span>
      {message.ask && (
        <span class="answers">
          <button type="button" class="primary" onClick={() => message.ask && props.onAnswer(message.ask)}>
            {message.ask.yes === 'OK' ? 'OK' : 'Yes'}
          </button>
          <button type="button" onClick={props.onDismiss}>
            {message.ask.yes === 'OK' ? 'Cancel' : 'No'}
          </button>
        </span>
      )}
      <button type="button" class="link" onClick={props.onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

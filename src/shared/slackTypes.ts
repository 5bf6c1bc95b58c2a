/** What the "Connect Slack…" dialog gets back: never the stored URL, only whether one is connected. */
export interface ConnectSlackResult {
  ok: boolean;
  /** True when a webhook URL is stored (after the call). */
  connected: boolean;
  /** A sentence for the person (what happened, or what is wrong with the input). */
  message: string;
  /** False when this person may not connect or remove Slack (managers and the trigger owner only); `message` says why. */
  canChange?: boolean;
  /** Why this person may not connect or remove Slack (when `canChange` is false). */
  whyNot?: string;
}

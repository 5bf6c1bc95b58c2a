/**
 * "Connect Slack…": the webhook URL is a secret, so it lives only in Script Properties. The dialog
 * sends a URL in; what comes back says only whether one is connected.
 */
import { isSlackWebhookUrl, type Services, SLACK_WEBHOOK_PROPERTY } from '../gas/services';
import type { ConnectSlackResult } from '../shared/slackTypes';

export function slackConnection(services: Services): ConnectSlackResult {
  const connected = services.slack.connected();
  return {
    ok: true,
    connected,
    message: connected ? 'Slack is connected: stock alerts are posted to its channel.' : 'Slack is not connected.',
  };
}

/** Stores a webhook URL; an empty URL disconnects (the page asks for confirmation first). */
export function saveSlackWebhook(services: Services, url: unknown): ConnectSlackResult {
  const text = typeof url === 'string' ? url.trim() : '';
  if (typeof url !== 'string') {
    return { ok: false, connected: services.slack.connected(), message: 'Paste the webhook URL as text.' };
  }
  if (text === '') {
    services.props.delete(SLACK_WEBHOOK_PROPERTY);
    return { ok: true, connected: false, message: 'Slack is disconnected: stock alerts now go by email only (Settings › Alert emails).' };
  }
  if (!isSlackWebhookUrl(text)) {
    return {
      ok: false,
      connected: services.slack.connected(),
      message: 'That does not look like a Slack incoming-webhook URL (it starts with https://hooks.slack.com/services/). Nothing was changed.',
    };
  }
  services.props.set(SLACK_WEBHOOK_PROPERTY, text);
  return { ok: true, connected: true, message: 'Slack is connected: stock alerts will be posted to its channel.' };
}

export function openConnectSlackDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('ConnectSlack').setWidth(460).setHeight(300);
  SpreadsheetApp.getUi().showModalDialog(html, 'Connect Slack');
}

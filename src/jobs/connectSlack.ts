/**
 * "Connect Slack…": the webhook URL is a secret, so it lives only in Script Properties. The dialog
 * sends a URL in; what comes back says only whether one is connected.
 */
import { isSlackWebhookUrl, type Services, SLACK_WEBHOOK_PROPERTY } from '../gas/services';
import type { ConnectSlackResult } from '../shared/slackTypes';
import { logActivities } from '../sheet/activityLog';
import { actingUser } from '../gas/people';

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
    const was = services.slack.connected();
    services.props.delete(SLACK_WEBHOOK_PROPERTY);
    if (was) logSlackChange(services, 'Connected', 'Not connected');
    return { ok: true, connected: false, message: 'Slack is disconnected: stock alerts now go by email only (Settings › Alert emails).' };
  }
  if (!isSlackWebhookUrl(text)) {
    return {
      ok: false,
      connected: services.slack.connected(),
      message: 'That does not look like a Slack incoming-webhook URL (it starts with https://hooks.slack.com/services/). Nothing was changed.',
    };
  }
  const was = services.slack.connected();
  services.props.set(SLACK_WEBHOOK_PROPERTY, text);
  // The URL is a secret: the log says only that it changed.
  logSlackChange(services, was ? 'Connected' : 'Not connected', was ? 'Connected (new webhook)' : 'Connected');
  return { ok: true, connected: true, message: 'Slack is connected: stock alerts will be posted to its channel.' };
}

function logSlackChange(services: Services, before: string, after: string): void {
  logActivities(services.ss, [{ when: services.clock.now(), who: actingUser(), what: 'Slack stock alerts', before, after }]);
}

export function openConnectSlackDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('ConnectSlack').setWidth(460).setHeight(300);
  SpreadsheetApp.getUi().showModalDialog(html, 'Connect Slack');
}

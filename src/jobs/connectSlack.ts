/**
 * "Connect Slack…": the webhook URL is a secret, so it lives only in Document Properties. The dialog
 * sends a URL in; what comes back says only whether one is connected. Only the managers (src/gas/managers.ts)
 * and the account the triggers run as may connect or remove it, checked on every call: any editor can call a
 * page's server functions from the browser.
 */
import { managerRefusal } from '../gas/managers';
import { isSlackWebhookUrl, type Services, SLACK_WEBHOOK_PROPERTY } from '../gas/services';
import type { ConnectSlackResult } from '../shared/slackTypes';
import { Workbook } from '../sheet/workbook';

const WHAT = 'connect or remove Slack';

function refusal(services: Services, user: string): string | null {
  return managerRefusal(services.props, new Workbook(services.ss).settings().settings.managers, user, WHAT);
}

export function slackConnection(services: Services, user: string): ConnectSlackResult {
  const connected = services.slack.connected();
  const why = refusal(services, user);
  return {
    ok: true,
    connected,
    message: connected ? 'Slack is connected: stock alerts are posted to its channel.' : 'Slack is not connected.',
    canChange: why === null,
    ...(why ? { whyNot: why.replace(/ Nothing was changed\.$/, '') } : {}),
  };
}

/** Stores a webhook URL; an empty URL disconnects (the page asks for confirmation first). Managers and the trigger owner only. */
export function saveSlackWebhook(services: Services, user: string, url: unknown): ConnectSlackResult {
  const why = refusal(services, user);
  if (why) return { ok: false, connected: services.slack.connected(), message: why, canChange: false };
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

/**
 * Menu *Go live…* and the confirmation of *Run daily notices now*.
 *
 * - Go live: shows the go-live checklist (src/core/goLive.ts: sender name, reply-to, support phone, managers)
 *   with what is missing; only when nothing is, and a manager confirms, Settings › Send mode becomes Live
 *   (and the Activity log says who did it). Live typed in the cell works the same way: runs stay in Test until
 *   the checklist is complete.
 * - Run daily notices now: says how many emails it will send, and to whom (customers, or the Test recipient),
 *   and asks first; in Live only Settings › Managers may run it.
 */
import { goLiveChecklist, goLiveGaps } from '../core/goLive';
import { permissionProblem } from '../core/stockOut';
import type { Services } from '../gas/services';
import { triggerOwner } from '../gas/triggers';
import { logActivities } from '../sheet/activityLog';
import { TAB } from '../sheet/schema';
import { appendRecords } from '../sheet/table';
import { Workbook } from '../sheet/workbook';
import { dueMail, dueMailText, runDailyNoticesJob } from '../engines/dailyRun';

type Ui = GoogleAppsScript.Base.Ui;

function uiOrNull(): Ui | null {
  try {
    return SpreadsheetApp.getUi();
  } catch {
    return null;
  }
}

/** Menu *Go live…*. `user`: the person choosing it ('' when hidden). */
export function goLive(services: Services, user: string): void {
  const ui = uiOrNull();
  if (!ui) return;
  const wb = new Workbook(services.ss);
  const { settings, liveRefused } = wb.settings();
  const list = goLiveChecklist(settings)
    .map((i) => `${i.done ? '✓' : '✗ missing:'} ${i.setting} (${i.why})`)
    .join('\n');
  const gaps = goLiveGaps(settings);
  if (gaps.length > 0) {
    ui.alert(
      'Not ready to go live',
      `Before customers get emails, fill in Settings:\n\n${list}\n\nSend mode stays Test until every item is filled in${liveRefused.length ? ' (it says Live, but runs behave as Test)' : ''}.`,
      ui.ButtonSet.OK,
    );
    return;
  }
  if (settings.sendMode === 'Live') {
    ui.alert('Already live', `Send mode is Live: notices go to customers.\n\n${list}`, ui.ButtonSet.OK);
    return;
  }
  if (permissionProblem(user, settings.managers)) {
    ui.alert('Go live', `Only the managers listed in Settings › Managers can go live${user.trim() ? `; ${user.trim().toLowerCase()} is not one of them` : ''}.`, ui.ButtonSet.OK);
    return;
  }
  if (triggerOwner(services.props) === '') {
    // Without the hourly run nothing would ever be sent: "from now on" must be true.
    ui.alert('Set up first', 'The hourly run that sends the notices is not installed yet. Run Backorder Desk › Set up sheet first, then Go live….', ui.ButtonSet.OK);
    return;
  }
  const due = dueMail(services, wb);
  const text = dueMailText(due);
  const today = `${text.count} ${due.total === 1 ? 'is' : 'are'} due today${text.kinds ? ` (${text.kinds})` : ''}, sent by the next daily run, plus any shipment emails`;
  const answer = ui.alert(
    'Go live?',
    `The checklist is complete:\n\n${list}\n\nFrom now on emails go to customers (${today}). Go live?`,
    ui.ButtonSet.YES_NO,
  );
  if (answer !== ui.Button.YES) return;
  const t = new Workbook(services.ss).table(TAB.settings);
  if (!t.sheet) return;
  const row = t.rows.findIndex((_r, i) => String(t.get(i, 'Setting')).trim().toLowerCase() === 'send mode');
  const before = row >= 0 ? String(t.get(row, 'Value')) : '';
  if (row >= 0) {
    t.set(row, 'Value', 'Live');
    t.flush();
  } else {
    appendRecords(t, [{ Setting: 'Send mode', Value: 'Live', About: 'Live sends to customers.' }]);
  }
  logActivities(services.ss, [{ when: services.clock.now(), who: user.trim().toLowerCase(), what: 'Went live', before: before || 'Test', after: 'Live', detail: 'Settings › Send mode, from Backorder Desk › Go live…' }]);
  services.ss.toast('Send mode is now Live: from the next daily run, notices go to customers. The Notice log shows each one.', 'Backorder Desk: you are live');
}

/**
 * Menu *Run daily notices now*: how many emails, to whom, then the run. In Live only managers may run it.
 * Without a Ui (the script editor, the API) a manager's run goes ahead without the question.
 */
export function runNoticesNow(services: Services, user: string): void {
  const wb = new Workbook(services.ss);
  const { settings } = wb.settings();
  const ui = uiOrNull();
  if (settings.sendMode === 'Live') {
    const refusal = permissionProblem(user, settings.managers);
    if (refusal) {
      const text = `Send mode is Live, so only the managers listed in Settings › Managers can run the daily notices by hand${user.trim() ? `; ${user.trim().toLowerCase()} is not one of them` : ''}. The hourly run sends them at the Daily run hour.`;
      services.log(`Run daily notices now refused: ${text}`);
      ui?.alert('Run daily notices now', text, ui.ButtonSet.OK);
      return;
    }
  }
  if (ui) {
    const due = dueMail(services, wb);
    const to = settings.sendMode === 'Live' ? 'to customers' : `to the Test recipient (${settings.testRecipient || 'not set: nothing will be sent'}), since Send mode is Test`;
    const text = dueMailText(due);
    const answer = ui.alert('Run daily notices now?', `This sends ${text.count} now ${to}${text.kinds ? ` (${text.kinds})` : ''}, plus any shipment emails. Go ahead?`, ui.ButtonSet.YES_NO);
    if (answer !== ui.Button.YES) return;
  }
  // The question paused the script (and people may have edited meanwhile): the run reads the sheet afresh.
  runDailyNoticesJob(services);
}

/**
 * What the page sees: the workbench state as the JSON of GET /api/state (workbench/shared/api.ts `StateJson`).
 * Cells are shown with the emulator's own display value (what Sheets shows under the default format) and
 * the add-on's computed colours; times in the workbook's time zone.
 */
import { DateTime } from 'luxon';
import type { CellValue } from '../../emulator/workbook';
import { displayValue } from '../../emulator/spreadsheet/format';
import { MAX_GRID_ROWS, type Panel, type WorkbenchState } from './state';
import type { CellJson, PanelJson, StateJson } from '../shared/api';

type Look = { background: string | null; fontColor: string | null; bold: boolean };

/** A cell as the page shows it. */
function formatCell(v: CellValue, zone: string): Pick<CellJson, 'text' | 'edit' | 'type'> {
  const text = displayValue(v, undefined, zone);
  const type = v instanceof Date ? 'date' : typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : text === '' ? 'empty' : 'text';
  return { text, edit: text, type };
}

function sheetJson(wb: WorkbenchState, name: string): NonNullable<StateJson['sheet']> {
  const { emulator, zone } = wb;
  const values = emulator.values(name) ?? [];
  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const rows = values.slice(0, MAX_GRID_ROWS).map((row, r) =>
    Array.from({ length: width }, (_, c) => {
      const cell = formatCell(row[c] ?? '', zone);
      let format: Look = { background: null, fontColor: null, bold: false };
      try {
        format = emulator.model.cellFormat(name, r + 1, c + 1);
      } catch {
        // No formats from the model: the cell is shown plain.
      }
      return { ...cell, bg: format.background, fg: format.fontColor, bold: format.bold };
    }),
  );
  return { name, rows, totalRows: values.length, width };
}

/** The latest menu of each title (onOpen may run more than once). */
function menus(wb: WorkbenchState): StateJson['menus'] {
  const byTitle = new Map<string, (typeof wb.emulator.ui.menus)[number]>();
  for (const m of wb.emulator.ui.menus) byTitle.set(m.title, m);
  return [...byTitle.values()];
}

function panelJson(wb: WorkbenchState, p: Panel | null): PanelJson | null {
  if (!p) return null;
  const { ui } = wb.emulator;
  const src = p.kind === 'sidebar' ? ui.sidebars[p.index] : ui.dialogs[p.index];
  if (!src) return null;
  const d = p.kind === 'dialog' ? ui.dialogs[p.index] : undefined;
  return { kind: p.kind, index: p.index, title: src.title, width: d?.width ?? null, height: d?.height ?? null, url: `/panel/${p.kind}/${p.index}?t=${wb.token}` };
}

/** The whole page's state, with `sheet` (or the first sheet) as the grid shown. */
export async function stateJson(wb: WorkbenchState, sheet: string | null): Promise<StateJson> {
  const { emulator, zone, slack } = wb;
  await slack.sync();
  const at = (d: Date, format: string) => DateTime.fromJSDate(d, { zone }).toFormat(format);
  const names = wb.sheetNames();
  const current = sheet && names.includes(sheet) ? sheet : names[0];
  const now = emulator.clock.now();
  return {
    version: wb.version,
    workbook: { name: emulator.spreadsheet.getName(), path: wb.savePath, timeZone: zone },
    sheets: names,
    sheet: current ? sheetJson(wb, current) : null,
    menus: menus(wb),
    clock: { iso: now.toISOString(), label: at(now, 'ccc LLL d, yyyy HH:mm ZZZZ'), date: DateTime.fromJSDate(now, { zone }).toISODate() ?? '' },
    sidebar: panelJson(wb, wb.sidebar),
    dialog: panelJson(wb, wb.dialog),
    outbox: emulator.outbox.map((m, i) => ({
      id: i,
      fromName: m.name ?? '',
      to: m.to,
      cc: m.cc ?? '',
      bcc: m.bcc ?? '',
      replyTo: m.replyTo ?? '',
      subject: m.subject,
      at: at(m.at, 'LLL d HH:mm'),
      html: m.htmlBody ?? null,
      text: m.body,
    })),
    slack: slack.messages.map((m, i) => ({ id: i, text: m.text })),
    executions: emulator.executions.map((e, i) => ({
      id: i,
      functionName: e.functionName,
      via: e.via,
      at: at(e.startedAt, 'LLL d HH:mm:ss'),
      ms: e.endedAt.getTime() - e.startedAt.getTime(),
      error: e.error ?? null,
      logs: e.logs,
    })),
    alerts: emulator.ui.alerts.map((a) => ({ title: a.title, prompt: a.prompt, question: a.buttons === 'YES_NO' || a.buttons === 'YES_NO_CANCEL' ? 'YES' : a.buttons === 'OK_CANCEL' ? 'OK' : null })),
    toasts: emulator.ui.toasts.map((t) => ({ title: t.title, message: t.message })),
    triggers: emulator.triggers().map((t) => ({ handler: t.handler, kind: t.kind, due: t.due ? at(t.due, 'LLL d HH:mm') : null })),
    lastError: wb.lastError,
  };
}

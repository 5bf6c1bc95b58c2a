/** The workbench server's JSON API, as the page uses it (the state: workbench/server/view.ts; the actions: server/routes.ts). */

export interface CellJson {
  text: string;
  edit: string;
  type: 'date' | 'number' | 'boolean' | 'text' | 'empty';
  bg: string | null;
  fg: string | null;
  bold: boolean;
}

export type MenuItem = { label: string; functionName: string; submenu?: Array<MenuItem | 'separator'> } | 'separator';

export interface PanelJson {
  kind: 'sidebar' | 'dialog';
  index: number;
  title: string;
  width: number | null;
  height: number | null;
  url: string;
}

export interface StateJson {
  version: number;
  workbook: { name: string; path: string; timeZone: string };
  sheets: string[];
  sheet: { name: string; rows: CellJson[][]; totalRows: number; width: number } | null;
  menus: Array<{ title: string; items: MenuItem[] }>;
  clock: { iso: string; label: string; date: string };
  sidebar: PanelJson | null;
  dialog: PanelJson | null;
  outbox: Array<{ id: number; fromName: string; to: string; cc: string; bcc: string; replyTo: string; subject: string; at: string; html: string | null; text: string }>;
  slack: Array<{ id: number; text: string }>;
  executions: Array<{ id: number; functionName: string; via: string; at: string; ms: number; error: string | null; logs: string[] }>;
  /** `question`: the button that agrees when it asked Yes / No or OK / Cancel (the workbench declined it until the person answers). */
  alerts: Array<{ title: string; prompt: string; question: 'YES' | 'OK' | null }>;
  toasts: Array<{ title: string; message: string }>;
  triggers: Array<{ handler: string; kind: string; due: string | null }>;
  lastError: { message: string; at: number } | null;
}

export interface ActionResult {
  ok: boolean;
  error?: string;
}

export async function getState(sheet: string | null): Promise<StateJson> {
  const res = await fetch(`/api/state${sheet ? `?sheet=${encodeURIComponent(sheet)}` : ''}`);
  if (!res.ok) throw new Error(`The workbench server answered ${res.status}`);
  return (await res.json()) as StateJson;
}

export async function getVersion(): Promise<number> {
  const res = await fetch('/api/version');
  const v = (await res.json()) as { version: number; slack: number };
  return v.version * 100000 + v.slack;
}

export async function post(path: string, body: unknown): Promise<ActionResult> {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as ActionResult;
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

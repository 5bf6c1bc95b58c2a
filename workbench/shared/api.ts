/**
 * The workbench server's JSON API: what GET /api/state answers (workbench/server/view.ts declares its
 * functions with these types, so the server cannot send what the page does not expect) and what an action
 * answers (workbench/server/routes.ts).
 */

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

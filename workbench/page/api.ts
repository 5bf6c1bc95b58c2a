/** The page's calls to the workbench server (the JSON shapes: workbench/shared/api.ts). */

import type { ActionResult, StateJson } from '../shared/api';

export type { ActionResult, CellJson, MenuItem, PanelJson, StateJson } from '../shared/api';

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

/** The spreadsheet Ui: menus, alerts, prompts, sidebars and dialogs, recorded for tests. */
import type { UiRecord } from '../api';
import { service, strictEnum } from '../support';
import type { Host } from './host';
import { htmlOutputs } from './html';

export const Button = strictEnum('Ui.Button', { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' });
export const ButtonSet = strictEnum('Ui.ButtonSet', { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' });

type ButtonName = keyof typeof Button;
type MenuItems = UiRecord['menus'][number]['items'];

const BUTTONS: Record<string, ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

export class UiState implements UiRecord {
  menus: UiRecord['menus'] = [];
  alerts: UiRecord['alerts'] = [];
  prompts: NonNullable<UiRecord['prompts']> = [];
  sidebars: UiRecord['sidebars'] = [];
  dialogs: UiRecord['dialogs'] = [];
  toasts: UiRecord['toasts'] = [];
  readonly alertQueue: ButtonName[] = [];
  readonly promptQueue: Array<{ text: string; button: ButtonName }> = [];

  queueAlertResponse(button: ButtonName): void {
    if (!(button in Button)) throw new Error(`Unknown button ${button}`);
    this.alertQueue.push(button);
  }
  queuePromptResponse(text: string, button: 'OK' | 'CANCEL' | 'CLOSE' = 'OK'): void {
    this.promptQueue.push({ text, button });
  }
  clearQueuedResponses(): void {
    this.alertQueue.length = 0;
    this.promptQueue.length = 0;
  }
}

class Menu {
  readonly items: MenuItems = [];
  constructor(readonly title: string, private readonly ui: UiState) {}
  addItem(caption: string, functionName: string): this {
    if (typeof functionName !== 'string' || functionName === '') throw new Error('Invalid argument: functionName');
    this.items.push({ label: String(caption), functionName });
    return this;
  }
  addSeparator(): this {
    this.items.push('separator');
    return this;
  }
  addSubMenu(menu: unknown): this {
    const sub = menus.get(menu as object);
    if (!sub) throw new Error('Invalid argument: menu');
    this.items.push({ label: sub.title, functionName: '', submenu: sub.items });
    return this;
  }
  addToUi(): void {
    const entry = { title: this.title, items: this.items.slice() };
    const i = this.ui.menus.findIndex((m) => m.title === this.title);
    if (i >= 0) this.ui.menus[i] = entry;
    else this.ui.menus.push(entry);
  }
}

const menus = new WeakMap<object, Menu>();

export interface UiDeps {
  /** The add-on menu title (createAddonMenu). */
  addOnName: string;
  /** Ui.alert/prompt pause the script; locks do not survive the pause. */
  onPause(): void;
  /** The answer to an alert with nothing queued: its first button (default) or its last (the safe one). */
  unanswered?: 'first' | 'safe';
}

export function createUi(host: Host, state: UiState, deps: UiDeps): GoogleAppsScript.Base.Ui {
  const menu = (title: string) => {
    const m = new Menu(title, state);
    const wrapped = service('Menu', m, host.count);
    menus.set(wrapped, m);
    return wrapped;
  };
  const page = (output: unknown) => {
    const real = htmlOutputs.get(output as object);
    if (!real) throw new Error('Invalid argument: userInterface (an HtmlOutput is needed)');
    return real;
  };
  /** alert(prompt) · alert(prompt, buttons) · alert(title, prompt, buttons) */
  const dialogArgs = (args: unknown[]) => {
    if (args.length >= 3) return { title: String(args[0]), prompt: String(args[1]), buttons: String(args[2]) };
    if (args.length === 2 && String(args[1]) in BUTTONS) return { title: '', prompt: String(args[0]), buttons: String(args[1]) };
    if (args.length === 2) return { title: String(args[0]), prompt: String(args[1]), buttons: 'OK' };
    return { title: '', prompt: String(args[0] ?? ''), buttons: 'OK' };
  };
  return service(
    'Ui',
    {
      Button,
      ButtonSet,
      createMenu: (caption: string) => menu(String(caption)),
      createAddonMenu: () => menu(deps.addOnName),
      alert(...args: unknown[]): string {
        const { title, prompt, buttons } = dialogArgs(args);
        state.alerts.push({ title, prompt, buttons });
        deps.onPause();
        const allowed = BUTTONS[buttons] ?? ['OK'];
        const answer = state.alertQueue.shift() ?? (deps.unanswered === 'safe' ? allowed[allowed.length - 1] : allowed[0]);
        return answer;
      },
      prompt(...args: unknown[]) {
        const { title, prompt, buttons } = dialogArgs(args);
        state.prompts.push({ title, prompt });
        deps.onPause();
        const set = BUTTONS[buttons] ?? ['OK'];
        const answer = state.promptQueue.shift() ?? { text: '', button: deps.unanswered === 'safe' ? set[set.length - 1] : set[0] };
        return service(
          'PromptResponse',
          { getResponseText: () => answer.text, getSelectedButton: () => answer.button },
          host.count,
        );
      },
      showSidebar(userInterface: unknown): void {
        const p = page(userInterface);
        state.sidebars.push({ title: p.getTitle(), html: p.getContent() });
      },
      showModalDialog(userInterface: unknown, title: string): void {
        const p = page(userInterface);
        state.dialogs.push({ title: String(title ?? ''), html: p.getContent(), width: p.getWidth(), height: p.getHeight(), modal: true });
      },
      showModelessDialog(userInterface: unknown, title: string): void {
        const p = page(userInterface);
        state.dialogs.push({ title: String(title ?? ''), html: p.getContent(), width: p.getWidth(), height: p.getHeight(), modal: false });
      },
    },
    host.count,
  ) as unknown as GoogleAppsScript.Base.Ui;
}

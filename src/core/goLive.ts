/**
 * The go-live checklist: what Settings must hold before `Send mode` = Live may write to customers. A new
 * install starts in Test; Live (typed in the cell or chosen from *Go live…*) takes effect only when every
 * item is filled in, and until then runs behave as Test and say why.
 */
import { DEFAULT_SENDER_NAME } from './customerText';
import type { Settings } from './model';

export interface ChecklistItem {
  /** The Settings row. */
  setting: 'Sender name' | 'Reply-to' | 'Support phone' | 'Managers';
  /** What it is for, in the checklist's words. */
  why: string;
  done: boolean;
}

/** The four checklist items, in the order the menu's dialog shows them. */
export function goLiveChecklist(s: Pick<Settings, 'senderName' | 'replyTo' | 'supportPhone' | 'managers'>): ChecklistItem[] {
  const name = s.senderName.trim();
  return [
    { setting: 'Sender name', why: "your shop's name, which signs every email", done: name !== '' && name.toLowerCase() !== DEFAULT_SENDER_NAME.toLowerCase() },
    { setting: 'Reply-to', why: 'the address customers reply to', done: s.replyTo.trim() !== '' },
    { setting: 'Support phone', why: 'the number customers may call', done: s.supportPhone.trim() !== '' },
    { setting: 'Managers', why: 'who may send updates and run notices by hand; set with Backorder Desk › Managers…', done: s.managers.length > 0 },
  ];
}

/** The Settings rows still missing (empty: the shop may go live). */
export function goLiveGaps(s: Pick<Settings, 'senderName' | 'replyTo' | 'supportPhone' | 'managers'>): string[] {
  return goLiveChecklist(s).filter((i) => !i.done).map((i) => i.setting);
}

/** Why a typed Live is not used yet, as the Notice log and the run log say it. */
export function liveRefusedText(gaps: readonly string[]): string {
  return `Settings › Send mode says Live, but the go-live checklist is not complete (missing: ${gaps.join(', ')}), so runs behave as Test: every email goes to the Test recipient and nothing is marked sent. Fill in ${gaps.length === 1 ? 'that setting' : 'those settings'}${gaps.includes('Managers') ? ' (Managers with Backorder Desk › Managers…)' : ''} (or use Backorder Desk › Go live…) to write to customers.`;
}

import { goLiveChecklist, goLiveGaps, liveRefusedText } from '../../src/core/goLive';

const ready = { senderName: 'Brightwater Bottling Co.', replyTo: 'help@example.com', supportPhone: '(555) 010-4477', managers: ['boss@example.com'] };

describe('the go-live checklist', () => {
  test('complete: no gaps', () => {
    expect(goLiveGaps(ready)).toEqual([]);
    expect(goLiveChecklist(ready).every((i) => i.done)).toBe(true);
  });

  test('each empty setting is a gap, in the order the dialog shows them; the placeholder sender name counts as empty', () => {
    expect(goLiveGaps({ senderName: 'Customer Care', replyTo: ' ', supportPhone: '', managers: [] })).toEqual(['Sender name', 'Reply-to', 'Support phone', 'Managers']);
    expect(goLiveGaps({ ...ready, supportPhone: '' })).toEqual(['Support phone']);
  });

  test('Managers are set from the menu (typing in Settings is not used): the checklist and the refusal say where', () => {
    expect(goLiveChecklist(ready).find((i) => i.setting === 'Managers')!.why).toContain('Backorder Desk › Managers…');
    expect(liveRefusedText(['Managers'])).toContain('(Managers with Backorder Desk › Managers…)');
    expect(liveRefusedText(['Reply-to'])).not.toContain('Managers');
    expect(liveRefusedText(['Reply-to', 'Support phone'])).toMatch(/missing: Reply-to, Support phone\).*Fill in those settings/);
  });
});

/**
 * "Set up sheet" in the emulator, loading dist/Code.js (build first: `node build.mjs`).
 */
import { createEmulator, Emulator, WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { HEADERS, ORDERS_LIFE_HEADERS, TAB } from '../../src/sheet/schema';
import { SETTING_DEFINITIONS } from '../../src/sheet/settings';
import { DEFAULT_TEMPLATES } from '../../src/core/templates';

const snapshot = (em: Emulator) => JSON.stringify(em.workbook());
const triggerKinds = (em: Emulator) =>
  em
    .triggers()
    .map((t) => `${t.handler}:${t.kind}${t.everyMs !== undefined ? `/${t.everyMs / 3_600_000}h` : ''}`)
    .sort();

function sheet(wb: WorkbookData, name: string) {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

describe('setUpSheet on an empty spreadsheet', () => {
  const em = createEmulator();
  beforeAll(() => em.run('setUpSheet'));

  it('creates every tab with its exact headers and a frozen header row', () => {
    for (const tab of Object.values(TAB)) {
      const values = em.values(tab);
      expect(values).not.toBeNull();
      expect(values![0].slice(0, HEADERS[tab].length)).toEqual([...HEADERS[tab]]);
      expect(em.spreadsheet.getSheetByName(tab)!.getFrozenRows()).toBe(1);
    }
  });

  it('writes the default Settings and Templates rows', () => {
    const settings = em.values(TAB.settings)!.slice(1);
    expect(settings.map((r) => r[0])).toEqual(SETTING_DEFINITIONS.map((d) => d.name));
    expect(settings.find((r) => r[0] === 'Daily run hour')![1]).toBe(9);
    const templates = em.values(TAB.templates)!.slice(1);
    expect(templates.map((r) => r[0])).toEqual(DEFAULT_TEMPLATES.map((t) => t.kind));
    expect(templates[0][1]).toBe(DEFAULT_TEMPLATES[0].subject);
  });

  it('installs one hourly trigger and one edit trigger', () => {
    expect(triggerKinds(em)).toEqual(['onClockTick:clock/1h', 'onInventoryEdit:edit']);
  });

  it('tells the person what was done', () => {
    const alert = em.ui.alerts.at(-1)!;
    expect(alert.title).toBe('Backorder Desk is set up');
    expect(alert.prompt).toContain('Created the Inventory tab.');
    expect(alert.prompt).toContain('Installed the stock alerts on edit.');
  });

  it('validates whole numbers and order statuses, and warns on the add-on columns', () => {
    // Orders: Qty is column G, Status column I (row 2 onwards).
    expect(em.model.validationError(TAB.orders, 2, 7, 2.5)).not.toBeNull();
    expect(em.model.validationError(TAB.orders, 2, 7, 3)).toBeNull();
    expect(em.model.validationError(TAB.orders, 2, 9, 'Lost')).not.toBeNull();
    expect(em.model.validationError(TAB.orders, 2, 9, 'BackOrder')).toBeNull();
    // Inventory: Available (D) takes negative whole numbers, not text.
    expect(em.model.validationError(TAB.inventory, 2, 4, -3)).toBeNull();
    expect(em.model.validationError(TAB.inventory, 2, 4, 'five')).not.toBeNull();
    const protections = em.spreadsheet.getSheetByName(TAB.inventory)!.getProtections(em.model.app.ProtectionType.RANGE);
    expect(protections.map((p) => [p.getDescription(), p.isWarningOnly()])).toEqual([['Backorder Desk: Inventory › Status is kept by the add-on', true]]);
  });

  it('a second run changes nothing: same tabs, rules, formats and triggers', () => {
    const before = snapshot(em);
    const triggers = JSON.stringify(em.triggers());
    const props = JSON.stringify(em.scriptProperties());
    em.run('setUpSheet');
    expect(snapshot(em)).toBe(before);
    expect(JSON.stringify(em.triggers())).toBe(triggers);
    expect(JSON.stringify(em.scriptProperties())).toBe(props);
    expect(em.ui.alerts.at(-1)!.prompt).toContain('Everything was already set up; nothing changed.');
  });

  it('also writes the summary to the execution log (where no Ui exists, that and a toast are all there is)', () => {
    const quiet = createEmulator();
    quiet.run('setUpSheet');
    expect(quiet.executions.at(-1)!.error).toBeUndefined();
    expect(quiet.executions.at(-1)!.logs.join('\n')).toContain('Created the Orders tab.');
  });
});

describe('setUpSheet on the demo workbook', () => {
  it('keeps the data, colours every item, and is idempotent', () => {
    const wb = generateWorkbook();
    const em = createEmulator({ workbook: wb });
    const ordersBefore = em.values(TAB.orders);
    em.run('setUpSheet');
    const ordersAfter = em.values(TAB.orders)!;
    const width = ordersBefore![0].length;
    // The data is kept as it was; set-up only adds the whole-life columns after the last one, empty.
    expect(ordersAfter.map((r) => r.slice(0, width))).toEqual(ordersBefore);
    expect(ordersAfter[0].slice(width)).toEqual([...ORDERS_LIFE_HEADERS]);
    expect(ordersAfter.slice(1).every((r) => r.slice(width).every((v) => v === ''))).toBe(true);
    const inv = em.values(TAB.inventory)!;
    const col = (h: string) => inv[0].indexOf(h);
    const colourOf = { 'In stock': '#b7e1cd', Low: '#fce8b2', 'Out of stock': '#f4c7c3' } as Record<string, string>;
    for (let r = 1; r < inv.length; r++) {
      const status = String(inv[r][col('Status')]);
      expect(Object.keys(colourOf)).toContain(status);
      expect(em.model.cellFormat(TAB.inventory, r + 1, col('Available') + 1).background).toBe(colourOf[status]);
      expect(em.model.cellFormat(TAB.inventory, r + 1, col('Status') + 1).background).toBe(colourOf[status]);
    }
    const before = snapshot(em);
    const triggers = triggerKinds(em);
    em.run('setUpSheet');
    expect(snapshot(em)).toBe(before);
    expect(triggerKinds(em)).toEqual(triggers);
    expect(triggers).toEqual(['onClockTick:clock/1h', 'onInventoryEdit:edit']);
  });

  it("keeps a user's own rule and extra column, adds a missing header at the end, and follows moved columns", () => {
    const wb = generateWorkbook();
    const inv = sheet(wb, TAB.inventory);
    // The user inserted "Bin" as column B and deleted the Alternatives column.
    const alt = inv.values[0].indexOf('Alternatives');
    inv.values = inv.values.map((row, i) => {
      const r = row.filter((_v, c) => c !== alt);
      r.splice(1, 0, i === 0 ? 'Bin' : `A-${i}`);
      return r;
    });
    const em = createEmulator({ workbook: wb });
    em.run('setUpSheet');
    // The user adds a rule of their own (bold SKUs starting with OIL) and runs set-up again.
    const app = em.model.app;
    const s = em.spreadsheet.getSheetByName(TAB.inventory)!;
    const own = app.newConditionalFormatRule().whenFormulaSatisfied('=LEFT($A2,3)="OIL"').setBold(true).setRanges([s.getRange('A2:A50')]).build();
    s.setConditionalFormatRules([own, ...s.getConditionalFormatRules()]);
    em.run('setUpSheet');
    const header = em.values(TAB.inventory)![0];
    expect(header).toEqual(['SKU', 'Bin', 'Product', 'Product line', 'Available', 'Low at', 'Status', 'Expected restock', 'Restock note', 'Alternatives', 'Delay reason']);
    expect(em.values(TAB.inventory)![3][1]).toBe('A-3');
    const rules = s.getConditionalFormatRules();
    expect(rules).toHaveLength(4);
    expect(rules[0].getBooleanCondition()!.getCriteriaValues()[0]).toBe('=LEFT($A2,3)="OIL"');
    // Our rules now look at column E (Available moved right by one).
    for (const r of rules.slice(1)) expect(String(r.getBooleanCondition()!.getCriteriaValues()[0])).toContain('$E2');
    const before = snapshot(em);
    em.run('setUpSheet');
    expect(snapshot(em)).toBe(before);
  });

  it('a new Daily run hour needs no new trigger: the hourly run follows it', () => {
    const em = createEmulator({ workbook: generateWorkbook(), now: '2026-03-02T10:30:00Z' }); // 05:30 in New York (EST)
    em.run('setUpSheet');
    const settings = em.values(TAB.settings)!;
    const row = settings.findIndex((r) => r[0] === 'Daily run hour') + 1;
    em.user.setValue(TAB.settings, `B${row}`, 7);
    const triggers = JSON.stringify(em.triggers());
    em.run('setUpSheet');
    expect(JSON.stringify(em.triggers())).toBe(triggers);
    const runsAt = () => em.outbox.filter((m) => !m.subject.includes('stock')).map((m) => m.at.toISOString().slice(0, 13));
    em.clock.advance(5 * 3_600_000);
    // The daily notices went out on the first tick at or after 07:00 New York time (07:30, 12:30Z), once.
    expect(new Set(runsAt())).toEqual(new Set(['2026-03-02T12']));
  });
});

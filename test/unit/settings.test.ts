import { DEFAULT_SETTINGS, isValidEmail, parseSettings, SETTING_DEFINITIONS } from '../../src/sheet/settings';

describe('parseSettings', () => {
  test('no rows gives the defaults and no problems', () => {
    expect(parseSettings(new Map())).toEqual({ settings: DEFAULT_SETTINGS, problems: [], liveRefused: [] });
  });

  test('every definition default parses back to the typed default', () => {
    const raw = new Map(SETTING_DEFINITIONS.map((d) => [d.name, d.defaultValue] as [string, unknown]));
    expect(parseSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, problems: [], liveRefused: [] });
  });

  test('values are read case-insensitively by name and normalised', () => {
    const { settings, problems } = parseSettings(
      new Map<string, unknown>([
        ['notice DAYS', '10, 3, 3'],
        ['Notify segments', 'dml; wholesale'],
        ['Managers', ' Boss@Example.com , other@example.org'],
        ['Send mode', 'test'],
        ['Daily run hour', 7],
      ]),
    );
    expect(problems).toEqual([]);
    expect(settings.noticeDays).toEqual([3, 10]);
    expect(settings.notifySegments).toEqual(['DML', 'WHOLESALE']);
    expect(settings.managers).toEqual(['boss@example.com', 'other@example.org']);
    expect(settings.sendMode).toBe('Test');
    expect(settings.dailyRunHour).toBe(7);
  });

  test('unreadable values fall back and are reported; an unknown send mode means Test', () => {
    const { settings, problems } = parseSettings(
      new Map<string, unknown>([
        ['Daily run hour', 'nine'],
        ['Notice days', '3, soon'],
        ['Send mode', 'maybe'],
        ['Managers', 'not-an-email, ok@example.com'],
      ]),
    );
    expect(settings.dailyRunHour).toBe(9);
    expect(settings.noticeDays).toEqual([3, 10, 17, 23, 30]);
    expect(settings.sendMode).toBe('Test');
    expect(settings.managers).toEqual(['ok@example.com']);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('Daily run hour');
  });
});

const COMPLETE = [
  ['Sender name', 'Brightwater Bottling Co.'],
  ['Reply-to', 'help@example.com'],
  ['Support phone', '(555) 010-4477'],
  ['Managers', 'boss@example.com'],
] as const;

describe('Send mode and the go-live checklist', () => {
  test('finding 3: a missing Send mode row (or a missing or renamed Settings tab: no rows at all) means Test', () => {
    expect(DEFAULT_SETTINGS.sendMode).toBe('Test');
    expect(SETTING_DEFINITIONS.find((d) => d.name === 'Send mode')?.defaultValue).toBe('Test');
    expect(parseSettings(new Map<string, unknown>([...COMPLETE])).settings.sendMode).toBe('Test');
    expect(parseSettings(new Map()).settings.sendMode).toBe('Test');
  });

  test('Live with the whole checklist filled in is Live', () => {
    const r = parseSettings(new Map<string, unknown>([...COMPLETE, ['Send mode', 'Live']]));
    expect(r.settings.sendMode).toBe('Live');
    expect(r.liveRefused).toEqual([]);
  });

  test.each([
    ['Sender name', ''],
    ['Sender name', 'Customer Care'],
    ['Reply-to', ''],
    ['Support phone', ''],
    ['Support phone', '555-0100 Mon.-Fri.'],
    ['Managers', ''],
    ['Managers', 'not-an-email'],
  ])('Live with %s = "%s" behaves as Test and names the gap', (name, value) => {
    const raw = new Map<string, unknown>([...COMPLETE, ['Send mode', 'Live']]);
    raw.set(name, value);
    const r = parseSettings(raw);
    expect(r.settings.sendMode).toBe('Test');
    expect(r.liveRefused).toEqual([name]);
  });

  test('every gap is named, in the checklist order', () => {
    expect(parseSettings(new Map<string, unknown>([['Send mode', 'Live']])).liveRefused).toEqual(['Sender name', 'Reply-to', 'Support phone', 'Managers']);
  });
});

describe('isValidEmail', () => {
  test.each(['a@example.com', 'first.last+tag@sub.example.co.uk'])('%s is valid', (e) => expect(isValidEmail(e)).toBe(true));
  test.each(['', 'jo.smith@@example', 'a@b', 'a b@example.com', 'a@example.com, b@example.com', '<a@example.com>', 'a@example'])(
    '%s is not valid',
    (e) => expect(isValidEmail(e)).toBe(false),
  );

  const local64 = 'a'.repeat(64);
  const longDomain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'g'.repeat(57)}.test`;
  test.each([
    'x.y@shop.test',
    "o'brien@shop.test",
    'x_y-z@shop-name.test',
    'x@mail.shop.test',
    'x@shop.museum',
    'x@bücher.test',
    `${local64}@shop.test`,
    `x@${'d'.repeat(63)}.test`,
  ])('good address %s', (e) => expect(isValidEmail(e)).toBe(true));

  test.each([
    ['a double dot in the local part', 'x..y@shop.test'],
    ['a leading dot in the local part', '.x@shop.test'],
    ['a trailing dot in the local part', 'x.@shop.test'],
    ['a trailing dot in the domain', 'x@shop.test.'],
    ['a leading dot in the domain', 'x@.shop.test'],
    ['a double dot in the domain', 'x@shop..test'],
    ['a hyphen at the start of a label', 'x@-shop.test'],
    ['a hyphen at the end of a label', 'x@shop-.test'],
    ['a space inside', 'x y@shop.test'],
    ['a space in the domain', 'x@shop .test'],
    ['a leading space', ' x@shop.test'],
    ['a trailing space', 'x@shop.test '],
    ['two @', 'x@y@shop.test'],
    ['no local part', '@shop.test'],
    ['no domain', 'x@'],
    ['no @', 'x.shop.test'],
    ['no top-level domain', 'x@shop'],
    ['a one-letter top-level domain', 'x@shop.t'],
    ['a numeric top-level domain', 'x@10.0.0.1'],
    ['a local part over 64 characters', `${local64}a@shop.test`],
    ['a domain label over 63 characters', `x@${'d'.repeat(64)}.test`],
    ['over 254 characters', `${local64}@${longDomain}`],
  ])('bad address: %s (%s)', (_why, e) => expect(isValidEmail(e)).toBe(false));

  test('254 characters is the longest address', () => {
    expect(`${local64}@${longDomain}`.length).toBe(255);
    const longest = `${local64}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'g'.repeat(56)}.test`;
    expect(longest.length).toBe(254);
    expect(isValidEmail(longest)).toBe(true);
  });
});

describe('customer-facing settings never carry a date', () => {
  test('a Sender name with a weekday is reported and the default name is used', () => {
    const { settings, problems } = parseSettings(new Map<string, unknown>([['Sender name', 'Sunday Gravy Co.']]));
    expect(settings.senderName).toBe(DEFAULT_SETTINGS.senderName);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Settings › Sender name: "Sunday Gravy Co\." would show customers a date or weekday \("Sunday"\).*using "Customer Care"\.$/);
  });

  test('a Support phone with a weekday or a numeric date is reported and left out', () => {
    for (const phone of ['555-0100 (Mon.-Fri.)', '555 12/24']) {
      const { settings, problems } = parseSettings(new Map<string, unknown>([['Support phone', phone]]));
      expect(settings.supportPhone).toBe('');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^Settings › Support phone: .*using no phone number\.$/);
    }
  });

  test.each(['Thurs Crew', 'Weds & Co.', 'Tues Tea House', 'Mon-Fri Foods', '15-Mar Traders', 'Mar-15 Traders', 'March, 15 Ltd', 'March third Ltd', '3-15 Foods', 'Batch 12.25', 'Easter Foods'])(
    'Sender name %p is reported and the default name is used',
    (name) => {
      const { settings, problems } = parseSettings(new Map<string, unknown>([['Sender name', name]]));
      expect(settings.senderName).toBe(DEFAULT_SETTINGS.senderName);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/would show customers a date or weekday/);
    },
  );

  test.each(['555-0100 Mon-Fri', '555-0100 Thurs', '555-0100 Weds', '555-0100 Tues', '555 3-15', '555 12.25'])('Support phone %p is reported and left out', (phone) => {
    const { settings, problems } = parseSettings(new Map<string, unknown>([['Support phone', phone]]));
    expect(settings.supportPhone).toBe('');
    expect(problems).toHaveLength(1);
  });

  test.each([['Sun Valley Foods', '1-800-555-0199'], ['March Forward Co.', '555.010.4477'], ['May & Second', '+1 (555) 010-4477']])('look-alikes %p and %p are kept', (name, phone) => {
    const { settings, problems } = parseSettings(new Map<string, unknown>([['Sender name', name], ['Support phone', phone]]));
    expect(problems).toEqual([]);
    expect(settings.senderName).toBe(name);
    expect(settings.supportPhone).toBe(phone);
  });

  test('ordinary names and numbers are kept', () => {
    const { settings, problems } = parseSettings(new Map<string, unknown>([['Sender name', 'Brightwater Bottling Co.'], ['Support phone', '(555) 010-4477']]));
    expect(problems).toEqual([]);
    expect(settings.senderName).toBe('Brightwater Bottling Co.');
    expect(settings.supportPhone).toBe('(555) 010-4477');
  });
});

describe('settings of the backorder whole life', () => {
  it('reads ship preference, backorder limit, promised days, notice gap, consent expiry and grace days', () => {
    const { settings, problems } = parseSettings(
      new Map<string, unknown>([
        ['Default ship preference', 'wait for ALL'],
        ['Backorder limit per customer', '3'],
        ['Promised ship days', 14],
        ['Minimum notice gap', '2'],
        ['At consent deadline', 'flag for a manager'],
        ['Restock grace days', 0],
      ]),
    );
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      defaultShipPreference: 'Wait for all',
      backorderLimitPerCustomer: 3,
      promisedShipDays: 14,
      minimumNoticeGapDays: 2,
      consentExpiry: 'Flag for a manager',
      restockGraceDays: 0,
    });
  });

  it('accepts a curly apostrophe in Ship what’s ready, and keeps the defaults for unreadable values, saying why', () => {
    expect(parseSettings(new Map([['Default ship preference', 'Ship what’s ready']])).settings.defaultShipPreference).toBe("Ship what's ready");
    const { settings, problems } = parseSettings(
      new Map<string, unknown>([
        ['Default ship preference', 'whenever'],
        ['Backorder limit per customer', '0'],
        ['Promised ship days', '0'],
        ['Minimum notice gap', 'soon'],
        ['At consent deadline', 'ignore'],
        ['Restock grace days', '-1'],
      ]),
    );
    expect(settings).toMatchObject({
      defaultShipPreference: DEFAULT_SETTINGS.defaultShipPreference,
      backorderLimitPerCustomer: null,
      promisedShipDays: 30,
      minimumNoticeGapDays: 4,
      consentExpiry: 'Cancel and refund',
      restockGraceDays: 7,
    });
    expect(problems).toHaveLength(6);
    expect(problems[0]).toBe(`Settings › Default ship preference: "whenever" is not Ship what's ready or Wait for all; using Ship what's ready.`);
    expect(problems[4]).toContain('is not Cancel and refund or Flag for a manager');
  });
});

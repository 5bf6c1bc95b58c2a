import { DEFAULT_SETTINGS, isValidEmail, parseSettings, SETTING_DEFINITIONS } from '../../src/sheet/settings';

describe('parseSettings', () => {
  test('no rows gives the defaults and no problems', () => {
    expect(parseSettings(new Map())).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  test('every definition default parses back to the typed default', () => {
    const raw = new Map(SETTING_DEFINITIONS.map((d) => [d.name, d.defaultValue] as [string, unknown]));
    expect(parseSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
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

describe('isValidEmail', () => {
  test.each(['a@example.com', 'first.last+tag@sub.example.co.uk'])('%s is valid', (e) => expect(isValidEmail(e)).toBe(true));
  test.each(['', 'jo.smith@@example', 'a@b', 'a b@example.com', 'a@example.com, b@example.com', '<a@example.com>', 'a@example'])(
    '%s is not valid',
    (e) => expect(isValidEmail(e)).toBe(false),
  );
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

  test('ordinary names and numbers are kept', () => {
    const { settings, problems } = parseSettings(new Map<string, unknown>([['Sender name', 'Brightwater Bottling Co.'], ['Support phone', '(555) 010-4477']]));
    expect(problems).toEqual([]);
    expect(settings.senderName).toBe('Brightwater Bottling Co.');
    expect(settings.supportPhone).toBe('(555) 010-4477');
  });
});

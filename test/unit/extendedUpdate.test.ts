import { decideExtendedUpdate, ExtendedUpdateInput } from '../../src/core/extendedUpdate';
import { LIMITS } from '../../src/core/stockOut';
import type { StockOutItem, WaitingLine } from '../../src/shared/stockOutTypes';

const NOW = Date.UTC(2025, 2, 10, 9, 0);

const waitingLine = (email: string, segment = 'DML', orderId = `BW-${email.length}`): WaitingLine => ({
  orderId,
  customer: email.split('@')[0],
  email,
  segment,
  units: 1,
  since: '2025-02-01',
});

const outOfStock = (over: Partial<StockOutItem> = {}): StockOutItem => ({
  sku: 'Beans-1',
  product: 'House Beans',
  productLine: 'Coffee',
  available: 0,
  customers: 2,
  units: 2,
  segments: ['DML', 'WHL'],
  etaPhrase: 'in about two weeks',
  sentToday: 0,
  waiting: [waitingLine('ann@example.com', 'DML', 'BW-1'), waitingLine('bob@example.com', 'WHL', 'BW-2')],
  unreachable: [],
  ...over,
});

const input = (over: Partial<ExtendedUpdateInput> = {}, request: Partial<ExtendedUpdateInput['request']> = {}): ExtendedUpdateInput => ({
  request: {
    id: 'req-0001-abcdef',
    sku: 'BEANS-1',
    subject: 'Your order {{orderId}}: a longer delay',
    body: 'Hi {{customer}},\n\n{{message}}\n\n{{senderName}}',
    message: '',
    segments: [],
    confirmResend: false,
    ...request,
  },
  handled: undefined,
  sendMode: 'Live',
  testRecipient: '',
  items: [outOfStock()],
  quota: 100,
  queuedUpdates: 0,
  user: ' Owner@Example.com ',
  nowMs: NOW,
  ...over,
});

describe('decideExtendedUpdate: a request id handled before', () => {
  test('is not sent again, with the counts recorded then (before any other check)', () => {
    const d = decideExtendedUpdate(input({ handled: [NOW / 1000 + 3600, 3, 2, 1, 0], items: [] }, { subject: '' }));
    expect(d).toEqual({ kind: 'duplicate', message: 'This update was already sent; nothing more was sent.', counts: { recipients: 3, sent: 2, failed: 1, waiting: 0 } });
  });
});

describe('decideExtendedUpdate: refused as invalid', () => {
  test('an empty subject', () => {
    expect(decideExtendedUpdate(input({}, { subject: ' ' }))).toEqual({ kind: 'invalid', message: 'The subject is empty.' });
  });

  test('a message that is too long', () => {
    expect(decideExtendedUpdate(input({}, { message: 'x'.repeat(LIMITS.message + 1) }))).toEqual({
      kind: 'invalid',
      message: `Your message is longer than ${LIMITS.message} characters.`,
    });
  });

  test('an exact date in the text', () => {
    expect(decideExtendedUpdate(input({}, { body: 'Hi {{customer}}, it arrives on March 3.' }))).toEqual({
      kind: 'invalid',
      message:
        'Customers never get exact dates. Please remove "March 3" (a day of the month) and describe timing loosely (e.g. "next week", "around the end of the month").',
    });
  });

  test('a template that cannot be read', () => {
    expect(decideExtendedUpdate(input({}, { body: 'Hi {{customer}}, {{#items}} soon' }))).toEqual({
      kind: 'invalid',
      message: 'The template\'s body cannot be read: Unclosed section "items" at 32',
    });
  });

  test('an item that is not out of stock', () => {
    expect(decideExtendedUpdate(input({ items: [outOfStock({ sku: 'Other' })] }))).toEqual({
      kind: 'invalid',
      message: 'BEANS-1 is not out of stock (or not on the Inventory tab), so there is no one to write to.',
    });
  });

  test('nobody waiting, with and without a segment choice', () => {
    expect(decideExtendedUpdate(input({ items: [outOfStock({ waiting: [] })] }))).toEqual({ kind: 'invalid', message: 'Nobody is waiting for Beans-1.' });
    expect(decideExtendedUpdate(input({}, { segments: ['RTL', 'VIP'] }))).toEqual({ kind: 'invalid', message: 'Nobody is waiting for Beans-1 in RTL, VIP.' });
  });

  test('Test mode without a Test recipient', () => {
    expect(decideExtendedUpdate(input({ sendMode: 'Test', testRecipient: '' }))).toEqual({
      kind: 'invalid',
      message: 'Send mode is Test but Settings › Test recipient is empty; nothing was sent.',
    });
  });

  test('a job too large to keep, though its text fits', () => {
    // The text stays under LIMITS.textBytes; a long segment name (the request's other fields) makes the job too large.
    const request = { body: '€'.repeat(2_300), segments: ['DML', 'S'.repeat(1_200)] };
    const d = decideExtendedUpdate(input({}, request));
    expect(d.kind).toBe('invalid');
    expect((d as { message: string }).message).toMatch(/^The update is too long to keep safely \((\d+) of 8000 bytes\); please shorten the message\. Nothing was sent\.$/);
    expect(Number(/\((\d+) of/.exec((d as { message: string }).message)![1])).toBeGreaterThan(LIMITS.jobBytes);
  });
});

describe('decideExtendedUpdate: a second update today', () => {
  test('asks for confirmation, with how many got one and how many would get this one', () => {
    expect(decideExtendedUpdate(input({ items: [outOfStock({ sentToday: 1 })] }))).toEqual({
      kind: 'confirm',
      message: 'An extended update about Beans-1 already went to 1 customer today. Send it again to 2?',
      recipients: 2,
    });
    expect(decideExtendedUpdate(input({ items: [outOfStock({ sentToday: 3 })] }, { segments: ['DML'] }))).toEqual({
      kind: 'confirm',
      message: 'An extended update about Beans-1 already went to 3 customers today. Send it again to 1?',
      recipients: 1,
    });
  });

  test('goes ahead once confirmed', () => {
    expect(decideExtendedUpdate(input({ items: [outOfStock({ sentToday: 1 })] }, { confirmResend: true })).kind).toBe('send');
  });

  test('is asked before the Test recipient is checked', () => {
    expect(decideExtendedUpdate(input({ sendMode: 'Test', items: [outOfStock({ sentToday: 1 })] })).kind).toBe('confirm');
  });
});

describe('decideExtendedUpdate: the queue', () => {
  test('full while the quota cannot cover everyone: refused, with a line for the log', () => {
    expect(decideExtendedUpdate(input({ quota: 1, queuedUpdates: LIMITS.queuedUpdates }))).toEqual({
      kind: 'queueFull',
      message:
        "Today's email quota (1 left) cannot cover the 2 customers, and 10 updates are already waiting for quota (at most 10 can wait), so nothing was sent. " +
        'Please send this update after the next daily run has sent some of them.',
      recipients: 2,
      log: 'Extended update about Beans-1 by owner@example.com refused: 10 updates already wait for quota.',
    });
  });

  test('full, but the quota covers everyone: sent', () => {
    expect(decideExtendedUpdate(input({ quota: 2, queuedUpdates: LIMITS.queuedUpdates })).kind).toBe('send');
  });

  test('with room, though the quota cannot cover everyone: sent (the rest waits in the queue)', () => {
    expect(decideExtendedUpdate(input({ quota: 0, queuedUpdates: LIMITS.queuedUpdates - 1 })).kind).toBe('send');
  });
});

describe('decideExtendedUpdate: sent', () => {
  test('the job to keep: the item as spelled on Inventory, the manager in lower case, the mode it is sent in', () => {
    const d = decideExtendedUpdate(input({ sendMode: 'Test', testRecipient: 'me@example.com' }, { message: 'Sorry for the wait.', segments: ['WHL'] }));
    expect(d).toEqual({
      kind: 'send',
      job: {
        id: 'req-0001-abcdef',
        sku: 'Beans-1',
        subject: 'Your order {{orderId}}: a longer delay',
        body: 'Hi {{customer}},\n\n{{message}}\n\n{{senderName}}',
        message: 'Sorry for the wait.',
        segments: ['WHL'],
        by: 'owner@example.com',
        at: NOW,
        mode: 'Test',
      },
      item: outOfStock(),
      recipients: [{ email: 'bob@example.com', customer: 'bob', orderIds: ['BW-2'], units: 1, since: '2025-02-01' }],
    });
  });

  test('a blank "Your message" is not kept; Live stays Live', () => {
    const d = decideExtendedUpdate(input({}, { message: '   ' }));
    if (d.kind !== 'send') throw new Error(`expected a send, got ${d.kind}`);
    expect(d.job).not.toHaveProperty('message');
    expect(d.job.mode).toBe('Live');
    expect(d.recipients.map((r) => r.email)).toEqual(['ann@example.com', 'bob@example.com']);
  });
});

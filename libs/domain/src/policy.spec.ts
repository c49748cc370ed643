import {
  POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS,
  afterLeaseExpired,
  defaultMaxConcurrentTransfers,
  isOnline,
  isServiceUnreachable,
  leaseExpiresAt,
  onlineSince,
  pollEligibility,
  switchDeferredUntil,
} from './policy';

const now = new Date('2025-03-10T08:00:00.000Z');
const ago = (ms: number): Date => new Date(now.getTime() - ms);
const SEC = 1000;
const MIN = 60 * SEC;

describe('isOnline', () => {
  it.each<[string, Date | null, number | undefined, boolean]>([
    ['D2: never seen is offline', null, undefined, false],
    ['D2: seen just now is online', now, undefined, true],
    ['D2: seen exactly 3 default intervals (6 min) ago is online', ago(6 * MIN), undefined, true],
    ['D2: seen 6 min + 1 ms ago is offline', ago(6 * MIN + 1), undefined, false],
    ['D2: a 30 s interval makes 90 s the window (seen 90 s ago)', ago(90 * SEC), 30, true],
    ['D2: a 30 s interval makes 90 s the window (seen 91 s ago)', ago(91 * SEC), 30, false],
    ['D2: a 10 min interval keeps a device seen 29 min ago online', ago(29 * MIN), 600, true],
  ])('%s', (_name, lastSeenAt, pollIntervalSeconds, expected) => {
    expect(isOnline({ lastSeenAt, now, pollIntervalSeconds })).toBe(expected);
  });
});

describe('isServiceUnreachable', () => {
  it.each<[string, Date | null, Date | null, Date | null | undefined, boolean]>([
    ['D1: both parts checking in is fine', ago(1 * MIN), ago(1 * MIN), undefined, false],
    [
      'D1: service silent for 3 intervals exactly is not yet unreachable',
      ago(1 * MIN),
      ago(6 * MIN),
      undefined,
      false,
    ],
    [
      'D1: service silent for more than 3 intervals is unreachable',
      ago(1 * MIN),
      ago(6 * MIN + 1),
      undefined,
      true,
    ],
    ['D1: service never seen is unreachable', ago(1 * MIN), null, undefined, true],
    [
      'D1: service never seen, enrolled 2 min ago, is not yet unreachable',
      ago(1 * MIN),
      null,
      ago(2 * MIN),
      false,
    ],
    ['D1: service never seen, enrolled an hour ago, is unreachable', ago(1 * MIN), null, ago(60 * MIN), true],
    [
      'D1: client offline too means the device is off, not the service blocked',
      ago(10 * MIN),
      ago(60 * MIN),
      undefined,
      false,
    ],
    ['D1: client never seen raises nothing', null, null, undefined, false],
  ])('%s', (_name, clientLastSeenAt, serviceLastSeenAt, enrolledAt, expected) => {
    expect(isServiceUnreachable({ clientLastSeenAt, serviceLastSeenAt, now, enrolledAt })).toBe(expected);
  });

  it('D1: uses the poll interval the service announced', () => {
    expect(
      isServiceUnreachable({
        clientLastSeenAt: now,
        serviceLastSeenAt: ago(2 * MIN),
        now,
        pollIntervalSeconds: 30,
      }),
    ).toBe(true);
  });
});

describe('defaultMaxConcurrentTransfers', () => {
  it.each([
    ['pop3', POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS],
    ['exchange', null],
    ['imap', null],
    ['google', null],
  ] as const)('D11: a %s migration gets cap %p by default', (type, cap) => {
    expect(defaultMaxConcurrentTransfers(type)).toBe(cap);
  });
});

describe('onlineSince', () => {
  it('D2: the oldest check-in still online is 3 intervals back', () => {
    expect(onlineSince({ now, pollIntervalSeconds: 120 })).toEqual(ago(6 * MIN));
    expect(onlineSince({ now, pollIntervalSeconds: 30 })).toEqual(ago(90 * SEC));
  });
  it('D2: agrees with isOnline at the edge', () => {
    const since = onlineSince({ now, pollIntervalSeconds: 120 });
    expect(isOnline({ lastSeenAt: since, now })).toBe(true);
    expect(isOnline({ lastSeenAt: new Date(since.getTime() - 1), now })).toBe(false);
  });
});

describe('pollEligibility', () => {
  it.each<[string, 'client' | 'service', { locked: boolean; userSignedIn: boolean } | null, boolean]>([
    ['D9: client, unlocked, signed in', 'client', { locked: false, userSignedIn: true }, true],
    ['D9: client, locked', 'client', { locked: true, userSignedIn: true }, false],
    ['D9: client, nobody signed in', 'client', { locked: false, userSignedIn: false }, false],
    ['D9: client without a session report', 'client', null, false],
    ['D9: the service part never receives commands', 'service', { locked: false, userSignedIn: true }, false],
  ])('%s', (_name, component, session, expected) => {
    expect(pollEligibility({ component, session })).toBe(expected);
  });
});

describe('lease and deferral times', () => {
  it('agent protocol: a command is leased for 15 minutes', () => {
    expect(leaseExpiresAt(now)).toEqual(new Date(now.getTime() + 15 * MIN));
  });
  it('D8: a deferred switch comes back 10 minutes later', () => {
    expect(switchDeferredUntil(now)).toEqual(new Date(now.getTime() + 10 * MIN));
  });
});

describe('afterLeaseExpired', () => {
  it.each([
    [1, 5, 'redeliver'],
    [4, 5, 'redeliver'],
    [5, 5, 'give_up'],
    [6, 5, 'give_up'],
    [1, 1, 'give_up'],
  ] as const)(
    'a command delivered %i times with a limit of %i: %s',
    (deliveryCount, maxDeliveries, expected) => {
      expect(afterLeaseExpired({ deliveryCount, maxDeliveries })).toBe(expected);
    },
  );
  it('the default limit is 5 deliveries', () => {
    expect(afterLeaseExpired({ deliveryCount: 4 })).toBe('redeliver');
    expect(afterLeaseExpired({ deliveryCount: 5 })).toBe('give_up');
  });
});

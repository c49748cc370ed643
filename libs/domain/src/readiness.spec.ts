import type { AlertCode, ReadinessAlertCode } from './errors';
import {
  diskSpaceLow,
  type ReadinessState,
  type ReadinessChanges,
  assessOutlookBuild,
  compareBuilds,
  parseOutlookBuild,
  readinessChanges,
} from './readiness';

describe('assessOutlookBuild', () => {
  it.each<[string, string | null | undefined, ReadinessAlertCode | null]>([
    ['D3: Outlook 2016 RTM is outdated', '16.0.4266.1001', 'OUTLOOK_OUTDATED'],
    ['D3: Microsoft 365 Apps (Click-to-Run) is fine', '16.0.17928.20114', null],
    ['D3: exactly the 2016 minimum is fine', '16.0.4600.1000', null],
    ['D3: one below the 2016 minimum is outdated', '16.0.4600.999', 'OUTLOOK_OUTDATED'],
    ['D3: Outlook 2013 RTM is outdated', '15.0.4420.1017', 'OUTLOOK_OUTDATED'],
    ['D3: Outlook 2013 SP1 is fine', '15.0.4569.1506', null],
    ['D3: a patched Outlook 2013 is fine', '15.0.5529.1000', null],
    ['D3: Outlook 2010 RTM is outdated', '14.0.4760.1000', 'OUTLOOK_OUTDATED'],
    ['D3: Outlook 2010 SP1 is outdated', '14.0.6023.1000', 'OUTLOOK_OUTDATED'],
    ['D3: Outlook 2010 SP2 is fine', '14.0.7015.1000', null],
    ['D3: Outlook 2007 is unsupported', '12.0.6672.5000', 'OUTLOOK_UNSUPPORTED'],
    ['D3: Outlook 2003 is unsupported', '11.0.8169.0', 'OUTLOOK_UNSUPPORTED'],
    ['D3: a major above 16 is fine', '17.0.1000.1000', null],
    ['D3: a 3-part build below the minimum is outdated', '16.0.4266', 'OUTLOOK_OUTDATED'],
    ['D3: a 2-part build of Outlook 2007 is unsupported', '12.0', 'OUTLOOK_UNSUPPORTED'],
    ['D3: a short build that matches the minimum so far raises no alert', '16.0', null],
    ['D3: a short 2010 build that matches the minimum so far raises no alert', '14.0.7015', null],
    ['D3: surrounding whitespace is tolerated', ' 16.0.17928.20114 ', null],
    ['D3: garbage raises no alert', 'Outlook 2016', null],
    ['D3: an empty string raises no alert', '', null],
    ['D3: a single number raises no alert', '16', null],
    ['D3: a missing build raises no alert', null, null],
    ['D3: an absent build raises no alert', undefined, null],
  ])('%s (%p)', (_name, version, expected) => {
    expect(assessOutlookBuild(version)).toBe(expected);
  });
});

describe('parseOutlookBuild', () => {
  it.each<[string, number[] | null]>([
    ['16.0.4266.1001', [16, 0, 4266, 1001]],
    ['16.0.4266', [16, 0, 4266]],
    ['16.0', [16, 0]],
    ['16', null],
    ['16.0.4266.1001.5', null],
    ['16.0.-1.0', null],
    ['16.0.x.1', null],
    ['16..4266.1001', null],
    ['16.0.4266.1001 (Build 2)', null],
    ['99999999999999999999.0', null],
  ])('D3: parses %p as %p', (version, expected) => {
    expect(parseOutlookBuild(version)).toEqual(expected);
  });
});

describe('compareBuilds', () => {
  it.each<[string, string, number]>([
    ['16.0.10.2', '16.0.9.9', 1],
    ['16.0.9.9', '16.0.10.2', -1],
    ['16.0.4600.1000', '16.0.4600.1000', 0],
    ['16.0', '16.0.0.0', 0],
    ['16.0.4600', '16.0.4600.1', -1],
    ['15.0.9999.9999', '16.0.0.0', -1],
  ])('D3: compares %s with %s part by part as numbers (%p)', (a, b, expected) => {
    expect(compareBuilds(parseOutlookBuild(a)!, parseOutlookBuild(b)!)).toBe(expected);
  });
});

describe('readinessChanges', () => {
  const now = new Date('2026-11-27T20:00:00.000Z');
  const MIN = 60_000;
  const ago = (min: number) => new Date(now.getTime() - min * MIN);
  const base: {
    pollIntervalSeconds: number;
    enrolledAt: Date;
    clientLastSeenAt: Date | null;
    serviceLastSeenAt: Date | null;
  } = {
    pollIntervalSeconds: 120,
    enrolledAt: ago(600),
    clientLastSeenAt: now,
    serviceLastSeenAt: ago(1),
  };
  const none: ReadinessChanges = { raise: [], clear: [] };

  type Case = Partial<typeof base> & { outlookVersion?: string; component?: 'client' | 'service' };
  it.each<[string, AlertCode[], Case, ReadinessChanges]>([
    [
      'D3: an outdated build raises OUTLOOK_OUTDATED',
      [],
      { outlookVersion: '16.0.4266.1001' },
      { raise: [{ code: 'OUTLOOK_OUTDATED', detail: '16.0.4266.1001' }], clear: [] },
    ],
    [
      'D3: the same outdated build again changes nothing',
      ['OUTLOOK_OUTDATED'],
      { outlookVersion: '16.0.4266.1001' },
      none,
    ],
    [
      'D3: a good build clears OUTLOOK_OUTDATED',
      ['OUTLOOK_OUTDATED'],
      { outlookVersion: '16.0.4600.1000' },
      { raise: [], clear: ['OUTLOOK_OUTDATED'] },
    ],
    [
      'D3: an unsupported build replaces outdated',
      ['OUTLOOK_OUTDATED'],
      { outlookVersion: '12.0.6600.1000' },
      { raise: [{ code: 'OUTLOOK_UNSUPPORTED', detail: '12.0.6600.1000' }], clear: ['OUTLOOK_OUTDATED'] },
    ],
    ['D3: an unreadable build changes nothing', ['OUTLOOK_OUTDATED'], { outlookVersion: 'unknown' }, none],
    ['D3: no build reported changes nothing', ['OUTLOOK_OUTDATED'], {}, none],
    [
      'D1: a service check-in clears SERVICE_UNREACHABLE',
      ['SERVICE_UNREACHABLE'],
      { component: 'service' },
      { raise: [], clear: ['SERVICE_UNREACHABLE'] },
    ],
    [
      'D1: a client check-in with the service silent 6 min is fine',
      [],
      { component: 'client', serviceLastSeenAt: ago(6) },
      none,
    ],
    [
      'D1: a client check-in with the service silent 6 min + 1 ms raises SERVICE_UNREACHABLE',
      [],
      { component: 'client', serviceLastSeenAt: new Date(ago(6).getTime() - 1) },
      {
        raise: [
          {
            code: 'SERVICE_UNREACHABLE',
            detail: `last seen ${new Date(ago(6).getTime() - 1).toISOString()}`,
          },
        ],
        clear: [],
      },
    ],
    [
      'D1: never-seen service part, enrolled long ago',
      [],
      { component: 'client', serviceLastSeenAt: null },
      { raise: [{ code: 'SERVICE_UNREACHABLE', detail: 'never checked in' }], clear: [] },
    ],
    [
      'D1: already open stays open without a second raise',
      ['SERVICE_UNREACHABLE'],
      { component: 'client', serviceLastSeenAt: null },
      none,
    ],
    [
      'D1: enrollment (no component) never decides SERVICE_UNREACHABLE',
      [],
      { serviceLastSeenAt: null },
      none,
    ],
  ])('%s', (_name, open, overrides, expected) => {
    const { outlookVersion, component, ...presence } = { ...base, ...overrides };
    const state = {
      ...presence,
      openAlerts: open,
      freeDiskBytes: null,
      localDataBytes: null,
      mailboxKnown: true,
    };
    expect(readinessChanges(state, { outlookVersion, component }, now)).toEqual(expected);
  });
});

describe('D13: DISK_SPACE_LOW and MAILBOX_UNKNOWN', () => {
  const GiB = 2 ** 30;
  const now = new Date('2026-11-27T20:00:00.000Z');
  const state = (over: Partial<ReadinessState> = {}): ReadinessState => ({
    openAlerts: [],
    pollIntervalSeconds: 120,
    enrolledAt: new Date('2026-11-20T09:00:00.000Z'),
    clientLastSeenAt: now,
    serviceLastSeenAt: now,
    freeDiskBytes: null,
    localDataBytes: null,
    mailboxKnown: true,
    ...over,
  });
  const local = 10 * GiB;
  const needed = 2 * local + 5 * GiB;

  it.each<[string, number | null, number | null, boolean | null]>([
    ['1 byte short of 2 × local + 5 GiB is low', needed - 1, local, true],
    ['exactly 2 × local + 5 GiB is enough', needed, local, false],
    ['no local data: 5 GiB free is enough', 5 * GiB, 0, false],
    ['unknown free space: no decision', null, local, null],
    ['unknown local data: no decision', needed - 1, null, null],
  ])('diskSpaceLow: %s', (_name, free, data, expected) => {
    expect(diskSpaceLow({ freeDiskBytes: free, localDataBytes: data })).toBe(expected);
  });

  it('raises DISK_SPACE_LOW from a reported inventory, with the figures, and clears it when a later one has enough', () => {
    const raised = readinessChanges(
      state(),
      { component: 'client', freeDiskBytes: needed - 1, localDataBytes: local },
      now,
    );
    expect(raised).toEqual({
      raise: [
        {
          code: 'DISK_SPACE_LOW',
          detail: `${((needed - 1) / 1e9).toFixed(1)} GB free, ${(needed / 1e9).toFixed(1)} GB needed`,
        },
      ],
      clear: [],
    });
    // a report of free space alone is judged with the last known local data
    const open = state({ openAlerts: ['DISK_SPACE_LOW'], localDataBytes: local, freeDiskBytes: needed - 1 });
    expect(readinessChanges(open, { component: 'client', freeDiskBytes: needed }, now)).toEqual({
      raise: [],
      clear: ['DISK_SPACE_LOW'],
    });
    // a poll without disk figures decides nothing about the disk
    expect(readinessChanges(open, { component: 'client' }, now)).toEqual({ raise: [], clear: [] });
  });

  it('MAILBOX_UNKNOWN is raised while no address is known (enrollment included) and cleared once one is', () => {
    expect(readinessChanges(state({ mailboxKnown: false }), {}, now)).toEqual({
      raise: [{ code: 'MAILBOX_UNKNOWN', detail: null }],
      clear: [],
    });
    expect(
      readinessChanges(
        state({ mailboxKnown: false, openAlerts: ['MAILBOX_UNKNOWN'] }),
        { component: 'client' },
        now,
      ),
    ).toEqual({ raise: [], clear: [] });
    expect(
      readinessChanges(
        state({ mailboxKnown: true, openAlerts: ['MAILBOX_UNKNOWN'] }),
        { component: 'service' },
        now,
      ),
    ).toEqual({ raise: [], clear: ['MAILBOX_UNKNOWN'] });
  });
});

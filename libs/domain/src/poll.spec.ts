import { type DevicePollState, type PollReport, afterCheckIn, pollChangesState } from './poll';

const C = new Date('2026-11-27T22:00:00.000Z');
const MIN = 60_000;
const at = (offsetMin: number, ms = 0): Date => new Date(C.getTime() + offsetMin * MIN + ms);
const now = at(-180);

// A device whose profile is created, seen a minute ago by both parts, unlocked: nothing to do before C + 10 min.
function ready(overrides: Partial<DevicePollState> = {}): DevicePollState {
  return {
    cutoverAt: C,
    profileCreatedAt: at(-600),
    switchedAt: null,
    errorCode: null,
    retryRequestedAt: null,
    mailboxKnown: true,
    freeDiskBytes: null,
    localDataBytes: null,
    switchNotBefore: null,
    outstanding: null,
    status: 'profile_ready',
    pollIntervalSeconds: 120,
    enrolledAt: at(-1000),
    clientLastSeenAt: at(-181),
    serviceLastSeenAt: at(-181),
    locked: false,
    userSignedIn: true,
    waitingForSlotSince: null,
    outlookVersion: '16.0.17928.20114',
    agentVersion: '1.4.2',
    openAlerts: [],
    ...overrides,
  };
}
const client: PollReport = {
  component: 'client',
  session: { locked: false, userSignedIn: true },
  inventory: { outlookVersion: '16.0.17928.20114', agentVersion: '1.4.2' },
};
const service: PollReport = { component: 'service' };

describe('pollChangesState', () => {
  it.each<[string, Partial<DevicePollState>, PollReport, Date, boolean]>([
    ['a ready device with nothing due: a no-op client poll', {}, client, now, false],
    ['a service poll of the same device: a no-op', {}, service, now, false],
    [
      'D3: a new Outlook build is a timeline event',
      {},
      { ...client, inventory: { outlookVersion: '16.0.18000.1' } },
      now,
      true,
    ],
    [
      'a new agent version is a timeline event',
      {},
      { ...client, inventory: { agentVersion: '1.5.0' } },
      now,
      true,
    ],
    [
      'D3: an outdated build raises an alert',
      { outlookVersion: '16.0.4266.1001' },
      { ...client, inventory: { outlookVersion: '16.0.4266.1001' } },
      now,
      true,
    ],
    [
      'D9: the client locked its session: written at once',
      {},
      { ...client, session: { locked: true, userSignedIn: true } },
      now,
      true,
    ],
    [
      'D9: the first session report: written at once',
      { locked: null, userSignedIn: null },
      client,
      now,
      true,
    ],
    [
      'D1: the service part silent 6 min + 1 ms: the client poll raises SERVICE_UNREACHABLE',
      { serviceLastSeenAt: new Date(now.getTime() - 6 * MIN - 1) },
      client,
      now,
      true,
    ],
    [
      'D1: the service part silent exactly 6 min: nothing',
      { serviceLastSeenAt: new Date(now.getTime() - 6 * MIN) },
      client,
      now,
      false,
    ],
    [
      'D1: a service poll clears SERVICE_UNREACHABLE',
      { openAlerts: ['SERVICE_UNREACHABLE'] },
      service,
      now,
      true,
    ],
    [
      'D7: at C + 10 min the switch is due for an eligible poll',
      { clientLastSeenAt: at(9), serviceLastSeenAt: at(9) },
      client,
      at(10),
      true,
    ],
    [
      'D7: 1 ms before C + 10 min nothing is due',
      { clientLastSeenAt: at(9), serviceLastSeenAt: at(9) },
      client,
      at(10, -1),
      false,
    ],
    [
      'D9: the switch is due but the poll is the service part: no delivery, and the status stands',
      { clientLastSeenAt: at(9), serviceLastSeenAt: at(9) },
      service,
      at(10),
      false,
    ],
    [
      'D4: a retry that fell due is delivered to an eligible poll',
      {
        profileCreatedAt: null,
        errorCode: 'AUTODISCOVER_FAILED',
        status: 'profile_failed',
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(-181), leaseExpiresAt: null },
      },
      client,
      now,
      true,
    ],
    [
      'a running command with its lease: nothing to do',
      {
        status: 'creating_profile',
        profileCreatedAt: null,
        outstanding: {
          type: 'CREATE_PROFILE',
          state: 'delivered',
          availableAt: at(-190),
          leaseExpiresAt: at(-170),
        },
      },
      client,
      now,
      false,
    ],
    [
      'a stored status that derivation no longer gives is rewritten',
      { status: 'waiting_for_device' },
      client,
      now,
      true,
    ],
  ])('%s', (_name, overrides, report, when, expected) => {
    expect(pollChangesState(ready(overrides), report, when)).toBe(expected);
  });
});

describe('afterCheckIn', () => {
  it('D1: a service poll moves only the service part', () => {
    const state = afterCheckIn(ready(), service, now);
    expect(state.serviceLastSeenAt).toEqual(now);
    expect(state.clientLastSeenAt).toEqual(at(-181));
  });
  it('D1, D9: a client poll moves the client part and its session', () => {
    const state = afterCheckIn(
      ready(),
      { component: 'client', session: { locked: true, userSignedIn: false } },
      now,
    );
    expect(state).toMatchObject({
      clientLastSeenAt: now,
      locked: true,
      userSignedIn: false,
      serviceLastSeenAt: at(-181),
    });
  });
});

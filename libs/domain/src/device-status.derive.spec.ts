import { type DeviceStatusInput, STATUS_WITH_PROFILE_COMMAND_DUE, deriveDeviceStatus } from './device-status';
import { switchDueAt } from './next-action';
import { isReadyForCommands } from './policy';
import type { DeviceStatus } from './vocabulary';

const C = new Date('2026-11-27T22:00:00.000Z');
const MIN = 60_000;
const at = (offsetMin: number): Date => new Date(C.getTime() + offsetMin * MIN);

// A device seen a minute ago, unlocked and signed in, profile not yet created, 3 h before cutover.
function device(
  overrides: Partial<DeviceStatusInput & { now: Date }> = {},
): DeviceStatusInput & { now: Date } {
  const now = overrides.now ?? at(-180);
  return {
    now,
    cutoverAt: C,
    pollIntervalSeconds: 120,
    profileCreatedAt: null,
    switchedAt: null,
    errorCode: null,
    retryRequestedAt: null,
    mailboxKnown: true,
    switchNotBefore: null,
    clientLastSeenAt: new Date(now.getTime() - MIN),
    serviceLastSeenAt: new Date(now.getTime() - MIN),
    locked: false,
    userSignedIn: true,
    waitingForSlotSince: null,
    outstanding: null,
    ...overrides,
  };
}

const created = { profileCreatedAt: at(-600) };
const derive = (input: DeviceStatusInput & { now: Date }) => deriveDeviceStatus(input, input.now);
const createLeased = (now: Date) => ({
  type: 'CREATE_PROFILE' as const,
  state: 'delivered' as const,
  availableAt: at(-600),
  leaseExpiresAt: new Date(now.getTime() + 5 * MIN),
});

describe('deriveDeviceStatus', () => {
  it.each<[string, Partial<DeviceStatusInput & { now: Date }>, DeviceStatus]>([
    [
      'enrolled: never checked in, nothing attempted',
      { clientLastSeenAt: null, serviceLastSeenAt: null, locked: null, userSignedIn: null },
      'enrolled',
    ],
    ['D4: enrolled while the first CREATE_PROFILE waits for the next poll', {}, 'enrolled'],
    ['D9: locked PC with CREATE_PROFILE due waits for the device', { locked: true }, 'waiting_for_device'],
    [
      'D9: signed-out PC (only the service part polls) waits for the device',
      { clientLastSeenAt: null, userSignedIn: null, locked: null },
      'waiting_for_device',
    ],
    [
      'D2/D9: client part silent for more than 3 intervals waits for the device',
      { clientLastSeenAt: at(-187) },
      'waiting_for_device',
    ],
    [
      'D4: creating_profile while CREATE_PROFILE is leased',
      { outstanding: createLeased(at(-180)) },
      'creating_profile',
    ],
    [
      'D5: creating_profile while a manual CREATE_PROFILE is queued and the device is ready',
      {
        errorCode: 'AUTODISCOVER_FAILED',
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(-181), leaseExpiresAt: null },
      },
      'creating_profile',
    ],
    [
      'lease: a delivered command whose lease ran out is due again: waiting when the device is offline',
      {
        clientLastSeenAt: at(-200),
        outstanding: {
          type: 'CREATE_PROFILE',
          state: 'delivered',
          availableAt: at(-220),
          leaseExpiresAt: at(-190),
        },
      },
      'waiting_for_device',
    ],
    [
      'D4: profile_failed while an automatic retry is scheduled for later',
      {
        errorCode: 'AUTODISCOVER_FAILED',
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(-141), leaseExpiresAt: null },
      },
      'profile_failed',
    ],
    [
      'D5: a pending partner request on a failed profile: creating_profile when ready (the poll creates it)',
      { errorCode: 'CREDENTIAL_PROMPT_TIMEOUT', retryRequestedAt: at(-190) },
      'creating_profile',
    ],
    [
      'D5: a pending partner request on a failed profile: waiting_for_device when offline',
      {
        errorCode: 'CREDENTIAL_PROMPT_TIMEOUT',
        retryRequestedAt: at(-290),
        clientLastSeenAt: at(-250),
      },
      'waiting_for_device',
    ],
    [
      'D14: a pending request on a failed switch: no longer switch_failed',
      {
        profileCreatedAt: at(-600),
        errorCode: 'DATA_TRANSFER_FAILED',
        retryRequestedAt: at(20),
        now: at(21),
        clientLastSeenAt: at(20),
      },
      'profile_ready',
    ],
    [
      'D4/D10: profile_failed with no retry left (manual retry required)',
      { errorCode: 'CREDENTIAL_PROMPT_TIMEOUT' },
      'profile_failed',
    ],
    ['D7: profile_ready before C + 10 min', { ...created, now: at(9) }, 'profile_ready'],
    [
      'D7: profile_ready from C + 10 min on a ready device (switch starts on its next poll)',
      { ...created, now: at(10), clientLastSeenAt: at(9) },
      'profile_ready',
    ],
    [
      'D7/D9: waiting_for_device from C + 10 min on a locked device',
      { ...created, now: at(10), clientLastSeenAt: at(9), locked: true },
      'waiting_for_device',
    ],
    [
      'D11: queued_for_bandwidth while the switch waits for a transfer slot',
      { ...created, now: at(30), clientLastSeenAt: at(29), waitingForSlotSince: at(12) },
      'queued_for_bandwidth',
    ],
    [
      'D11/D9: a device waiting for a slot that goes offline waits for the device',
      { ...created, now: at(30), clientLastSeenAt: at(20), waitingForSlotSince: at(12) },
      'waiting_for_device',
    ],
    [
      'D7: switching while SWITCH_PROFILE is leased',
      {
        ...created,
        now: at(15),
        outstanding: {
          type: 'SWITCH_PROFILE',
          state: 'delivered',
          availableAt: at(11),
          leaseExpiresAt: at(26),
        },
      },
      'switching',
    ],
    [
      'D8: deferred until 10 minutes after the deferral',
      { ...created, now: at(25), switchNotBefore: at(31) },
      'deferred',
    ],
    [
      'D8: no longer deferred once the 10 minutes are over',
      { ...created, now: at(31), clientLastSeenAt: at(30), switchNotBefore: at(31) },
      'profile_ready',
    ],
    [
      'D4: a cutover moved later than a deferral shows profile_ready',
      { ...created, now: at(-50), switchNotBefore: at(-45) },
      'profile_ready',
    ],
    [
      'switch_failed when SWITCH_PROFILE failed',
      { ...created, now: at(20), errorCode: 'DATA_TRANSFER_FAILED' },
      'switch_failed',
    ],
    [
      'completed once the switch succeeded',
      { ...created, switchedAt: at(20), now: at(60), locked: true },
      'completed',
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(derive(device(overrides))).toBe(expected);
  });
});

describe('isReadyForCommands', () => {
  const now = at(0);
  it.each<[string, Date | null, boolean | null, boolean | null, boolean]>([
    ['D9: online, unlocked, signed in', at(-1), false, true, true],
    ['D9: locked', at(-1), true, true, false],
    ['D9: signed out', at(-1), false, false, false],
    ['D9: session never reported', at(-1), null, null, false],
    ['D2: client part offline', at(-7), false, true, false],
  ])('%s', (_name, clientLastSeenAt, locked, userSignedIn, expected) => {
    expect(
      isReadyForCommands({ now, pollIntervalSeconds: 120, clientLastSeenAt, locked, userSignedIn }),
    ).toBe(expected);
  });
});

describe('switchDueAt', () => {
  it('D7: C + 10 min', () => {
    expect(switchDueAt({ cutoverAt: C, switchNotBefore: null })).toEqual(at(10));
  });
  it('D8: a deferral pushes it to switchNotBefore', () => {
    expect(switchDueAt({ cutoverAt: C, switchNotBefore: at(25) })).toEqual(at(25));
  });
  it('D4/D7: a later cutover wins over an old deferral', () => {
    expect(switchDueAt({ cutoverAt: C, switchNotBefore: at(-100) })).toEqual(at(10));
  });
});

describe('STATUS_WITH_PROFILE_COMMAND_DUE', () => {
  // the set-based partner actions write this table's status; it must be what derivation gives
  const manual = {
    type: 'CREATE_PROFILE' as const,
    state: 'queued' as const,
    availableAt: at(-180),
    leaseExpiresAt: null,
  };
  it('D5/D9: a ready device with a CREATE_PROFILE due now is creating_profile', () => {
    expect(derive(device({ errorCode: 'AUTODISCOVER_FAILED', outstanding: manual }))).toBe(
      STATUS_WITH_PROFILE_COMMAND_DUE.ready,
    );
  });
  it.each<[string, Partial<DeviceStatusInput & { now: Date }>]>([
    ['locked', { locked: true }],
    ['offline', { clientLastSeenAt: at(-187) }],
    ['never seen', { clientLastSeenAt: null, serviceLastSeenAt: null, locked: null, userSignedIn: null }],
  ])('D5/D9: a %s device with a CREATE_PROFILE due now waits for the device', (_name, overrides) => {
    expect(derive(device({ ...overrides, outstanding: manual }))).toBe(
      STATUS_WITH_PROFILE_COMMAND_DUE.notReady,
    );
  });
});

import { type LifecycleFacts, type NextAction, nextAction } from './next-action';

const C = new Date('2026-11-27T22:00:00.000Z');
const MIN = 60_000;
const at = (offsetMin: number, ms = 0): Date => new Date(C.getTime() + offsetMin * MIN + ms);

function facts(overrides: Partial<LifecycleFacts> = {}): LifecycleFacts {
  return {
    cutoverAt: C,
    profileCreatedAt: null,
    switchedAt: null,
    errorCode: null,
    retryRequestedAt: null,
    mailboxKnown: true,
    switchNotBefore: null,
    outstanding: null,
    ...overrides,
  };
}
const created = { profileCreatedAt: at(-600) };
const nothing: NextAction = { due: null, running: null, wakeAt: null };

describe('nextAction', () => {
  it.each<[string, Partial<LifecycleFacts>, Date, NextAction]>([
    [
      'D4: a device without profile gets its first CREATE_PROFILE (new) at once',
      {},
      at(-180),
      { due: { type: 'CREATE_PROFILE', source: 'new' }, running: null, wakeAt: null },
    ],
    [
      'D4/D10: a failed profile with no retry queued waits for the partner',
      { errorCode: 'X' },
      at(0),
      nothing,
    ],
    [
      'D5: the partner asked for a retry after the failure: CREATE_PROFILE is due (new) at once',
      { errorCode: 'X', retryRequestedAt: at(-10) },
      at(0),
      { due: { type: 'CREATE_PROFILE', source: 'new' }, running: null, wakeAt: null },
    ],
    [
      'D5: a request brings a retry queued for later forward: due now',
      {
        errorCode: 'AUTODISCOVER_FAILED',
        retryRequestedAt: at(0),
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(39), leaseExpiresAt: null },
      },
      at(0),
      { due: { type: 'CREATE_PROFILE', source: 'outstanding' }, running: null, wakeAt: null },
    ],
    [
      'D14: a failed switch with a request: SWITCH_PROFILE due again',
      { ...created, errorCode: 'DATA_TRANSFER_FAILED', retryRequestedAt: at(20) },
      at(20),
      { due: { type: 'SWITCH_PROFILE', source: 'new' }, running: null, wakeAt: null },
    ],
    [
      'D14: a switch retry still honours a deferral (D8)',
      { ...created, errorCode: 'DATA_TRANSFER_FAILED', retryRequestedAt: at(20), switchNotBefore: at(30) },
      at(20),
      { due: null, running: null, wakeAt: at(30) },
    ],
    [
      'D5: a request while a command runs changes nothing until its lease ends',
      {
        errorCode: 'X',
        retryRequestedAt: at(-5),
        outstanding: {
          type: 'CREATE_PROFILE',
          state: 'delivered',
          availableAt: at(-5),
          leaseExpiresAt: at(10),
        },
      },
      at(0),
      { due: null, running: 'CREATE_PROFILE', wakeAt: at(10) },
    ],
    [
      'D13: no address known: the first CREATE_PROFILE waits (MAILBOX_UNKNOWN)',
      { mailboxKnown: false },
      at(-180),
      nothing,
    ],
    [
      'D13: no address known: a queued CREATE_PROFILE waits too, even when the partner asked',
      {
        mailboxKnown: false,
        errorCode: 'X',
        retryRequestedAt: at(-1),
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(-5), leaseExpiresAt: null },
      },
      at(0),
      nothing,
    ],
    [
      'D13: the switch does not need the address again',
      { ...created, mailboxKnown: false },
      at(10),
      { due: { type: 'SWITCH_PROFILE', source: 'new' }, running: null, wakeAt: null },
    ],
    [
      'D4: a retry queued for later is not due 1 ms before its time; it wakes then',
      {
        errorCode: 'AUTODISCOVER_FAILED',
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(39), leaseExpiresAt: null },
      },
      at(39, -1),
      { due: null, running: null, wakeAt: at(39) },
    ],
    [
      'D4: the queued retry is due exactly at its time',
      {
        errorCode: 'AUTODISCOVER_FAILED',
        outstanding: { type: 'CREATE_PROFILE', state: 'queued', availableAt: at(39), leaseExpiresAt: null },
      },
      at(39),
      { due: { type: 'CREATE_PROFILE', source: 'outstanding' }, running: null, wakeAt: null },
    ],
    [
      'lease: a delivered command runs until 1 ms before its lease ends',
      {
        outstanding: {
          type: 'CREATE_PROFILE',
          state: 'delivered',
          availableAt: at(0),
          leaseExpiresAt: at(15),
        },
      },
      at(15, -1),
      { due: null, running: 'CREATE_PROFILE', wakeAt: at(15) },
    ],
    [
      'lease: at the end of its lease the command is due again (at least once)',
      {
        outstanding: {
          type: 'CREATE_PROFILE',
          state: 'delivered',
          availableAt: at(0),
          leaseExpiresAt: at(15),
        },
      },
      at(15),
      { due: { type: 'CREATE_PROFILE', source: 'outstanding' }, running: null, wakeAt: null },
    ],
    [
      'D7: profile ready, 1 ms before C + 10 min nothing is due; it wakes at C + 10 min',
      created,
      at(10, -1),
      { due: null, running: null, wakeAt: at(10) },
    ],
    [
      'D7: the switch is due (new) exactly at C + 10 min',
      created,
      at(10),
      { due: { type: 'SWITCH_PROFILE', source: 'new' }, running: null, wakeAt: null },
    ],
    [
      'D8: a deferral holds the switch until switchNotBefore',
      { ...created, switchNotBefore: at(31) },
      at(30),
      { due: null, running: null, wakeAt: at(31) },
    ],
    [
      'D8: the deferred switch is due again at switchNotBefore',
      { ...created, switchNotBefore: at(31) },
      at(31),
      { due: { type: 'SWITCH_PROFILE', source: 'new' }, running: null, wakeAt: null },
    ],
    [
      'D7: a running switch is running',
      {
        ...created,
        outstanding: {
          type: 'SWITCH_PROFILE',
          state: 'delivered',
          availableAt: at(10),
          leaseExpiresAt: at(25),
        },
      },
      at(20),
      { due: null, running: 'SWITCH_PROFILE', wakeAt: at(25) },
    ],
    ['a failed switch waits for the partner', { ...created, errorCode: 'DISK_FULL' }, at(60), nothing],
    ['completed: nothing, ever', { ...created, switchedAt: at(20) }, at(600), nothing],
  ])('%s', (_name, overrides, now, expected) => {
    expect(nextAction(facts(overrides), now)).toEqual(expected);
  });
});

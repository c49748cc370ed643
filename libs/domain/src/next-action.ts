import { SWITCH_DELAY_AFTER_CUTOVER_MS } from './policy';
import type { CommandType } from './vocabulary';

/** The device's one queued or delivered command (agent protocol: at most one outstanding). */
export interface OutstandingCommand {
  type: CommandType;
  state: 'queued' | 'delivered';
  /** Queued: not deliverable before this (a D4 retry is queued for later). */
  availableAt: Date;
  /** Delivered: not delivered again before this. */
  leaseExpiresAt: Date | null;
}

/** What decides what a device does next, whatever the caller (poll, held poll, status, sweep). */
export interface LifecycleFacts {
  cutoverAt: Date;
  profileCreatedAt: Date | null;
  switchedAt: Date | null;
  /** The last failure of the current step (profile creation, or the switch once the profile exists). */
  errorCode: string | null;
  /**
   * D5, D14: when the partner asked to retry the current step (Devices tab, bulk action); set until the
   * poll that takes it creates or hands out the command that answers it.
   */
  retryRequestedAt: Date | null;
  /** D13, D15: whether CREATE_PROFILE has an address to carry (mailboxFor is not null). */
  mailboxKnown: boolean;
  /** D8: a deferred switch is not offered again before this. */
  switchNotBefore: Date | null;
  outstanding: OutstandingCommand | null;
}

/** A command that may be handed out now: the outstanding one again, or a new one the poll creates. */
export interface DueCommand {
  type: CommandType;
  source: 'outstanding' | 'new';
}

export interface NextAction {
  /** What a ready device (D9) takes on this poll; null when nothing is due now. */
  due: DueCommand | null;
  /** A delivered command whose lease still runs: the agent is working on it. */
  running: CommandType | null;
  /** The next moment something falls due by time alone (retry, lease end, C + 10 min, deferral end); null if none. */
  wakeAt: Date | null;
}

// D7, D8: the switch is due from C + 10 min, and after a deferral no earlier than switchNotBefore.
export function switchDueAt({
  cutoverAt,
  switchNotBefore,
}: {
  cutoverAt: Date;
  switchNotBefore: Date | null;
}): Date {
  const afterCutover = cutoverAt.getTime() + SWITCH_DELAY_AFTER_CUTOVER_MS;
  return new Date(Math.max(afterCutover, switchNotBefore?.getTime() ?? afterCutover));
}

const NOTHING: NextAction = { due: null, running: null, wakeAt: null };

/** D5, D14: a partner's retry request waits for the poll that takes it. */
export function retryRequested(facts: Pick<LifecycleFacts, 'retryRequestedAt'>): boolean {
  return facts.retryRequestedAt !== null;
}

/**
 * D4, D7, D8 (and delivery at least once): what is deliverable for this device at `now`, and when the
 * next thing falls due. The one place that answers "anything for this device now?": the status
 * derivation, the poll, the held poll and its wake-up time all read it. D9 (is the device ready) and
 * D11 (is a transfer slot free) are the caller's to apply on top.
 */
export function nextAction(facts: LifecycleFacts, now: Date): NextAction {
  if (facts.switchedAt !== null) return NOTHING;
  const o = facts.outstanding;
  if (o !== null) {
    if (o.state === 'delivered') {
      // A lease that runs is the agent's; one that ran out makes the command due again (at least once).
      if (o.leaseExpiresAt !== null && o.leaseExpiresAt > now)
        return { due: null, running: o.type, wakeAt: o.leaseExpiresAt };
      return { due: { type: o.type, source: 'outstanding' }, running: null, wakeAt: null };
    }
    // D13: a CREATE_PROFILE waits while no address is known (MAILBOX_UNKNOWN), then goes on the next poll
    if (o.state === 'queued' && o.type === 'CREATE_PROFILE' && !facts.mailboxKnown) return NOTHING;
    // D4: a retry queued for later waits for its time, unless the partner asked for it now (D5).
    if (o.availableAt > now && !retryRequested(facts))
      return { due: null, running: null, wakeAt: o.availableAt };
    return { due: { type: o.type, source: 'outstanding' }, running: null, wakeAt: null };
  }
  if (facts.profileCreatedAt === null) {
    // D4, D10: after a failure only queued retries follow; with none left the partner retries (D5).
    if (facts.errorCode !== null && !retryRequested(facts)) return NOTHING;
    // D13: no CREATE_PROFILE can be built without an address (MAILBOX_UNKNOWN)
    if (!facts.mailboxKnown) return NOTHING;
    // D4: the first CREATE_PROFILE is due on the first eligible poll.
    return { due: { type: 'CREATE_PROFILE', source: 'new' }, running: null, wakeAt: null };
  }
  // A failed switch waits for the partner (D14).
  if (facts.errorCode !== null && !retryRequested(facts)) return NOTHING;
  const dueAt = switchDueAt(facts);
  if (now < dueAt) return { due: null, running: null, wakeAt: dueAt };
  return { due: { type: 'SWITCH_PROFILE', source: 'new' }, running: null, wakeAt: null };
}

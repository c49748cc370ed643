import type { Random } from './random';
import { sampleRange, type SessionPattern } from './scenarios/scenario';

const MINUTE = 60_000;

export type SessionState = 'active' | 'locked' | 'signed_out';

/** What the client part reports on each poll (D9). */
export function sessionReport(state: SessionState): { locked: boolean; userSignedIn: boolean } {
  return { locked: state === 'locked', userSignedIn: state !== 'signed_out' };
}

/**
 * One user's session over simulated time (D9): lock and sign-out periods between active ones.
 * Advanced lazily and only forwards, so the state at a given time depends on the seed alone.
 */
export class SessionTimeline {
  private state: SessionState;
  private changesAt: number;

  constructor(
    private readonly pattern: SessionPattern,
    private readonly random: Random,
  ) {
    const start = random.next();
    if (start < pattern.initialLocked) this.state = 'locked';
    else if (start < pattern.initialLocked + pattern.initialSignedOut) this.state = 'signed_out';
    else this.state = 'active';
    this.changesAt =
      this.state === 'active'
        ? random.exponential(pattern.meanActiveMinutes) * MINUTE
        : sampleRange(random, pattern.initialEndsMinutes) * MINUTE;
  }

  /** The state at simulated time `simMs` (non-decreasing across calls). */
  at(simMs: number): SessionState {
    while (simMs >= this.changesAt) {
      const from = this.changesAt;
      if (this.state === 'active') {
        const signOut = this.random.chance(this.pattern.signOutShare);
        this.state = signOut ? 'signed_out' : 'locked';
        const mean = signOut ? this.pattern.meanSignedOutMinutes : this.pattern.meanLockedMinutes;
        this.changesAt = from + this.period(mean);
      } else {
        this.state = 'active';
        this.changesAt = from + this.period(this.pattern.meanActiveMinutes);
      }
    }
    return this.state;
  }

  /** At least a simulated second, so a zero mean cannot spin forever. */
  private period(meanMinutes: number): number {
    return Math.max(1000, this.random.exponential(meanMinutes) * MINUTE);
  }
}

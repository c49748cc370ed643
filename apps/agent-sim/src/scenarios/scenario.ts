import {
  AGENT_REPORTED_ERROR_CODES,
  DISK_SPACE_MARGIN_BYTES,
  type AgentReportedErrorCode,
} from '@cutover/domain';
import type { Random } from '../random';

/** The codes an agent may send in a failed result (agent-protocol.md), from the domain, catalogue order. */
export { AGENT_REPORTED_ERROR_CODES as AGENT_ERROR_CODES };
export type AgentErrorCode = AgentReportedErrorCode;

/** Chance per error code that one attempt fails with it; the rest succeed. Sums to at most 1. */
export type ErrorRates = Partial<Record<AgentErrorCode, number>>;

/** A [min, max] range, sampled uniformly. */
export type Range = readonly [number, number];

/**
 * How the signed-in user's session changes (D9): active (unlocked, signed in), locked, or signed
 * out. Durations are exponential with the given means in simulated minutes; Infinity never ends.
 */
export interface SessionPattern {
  /** Share of PCs whose session starts locked / signed out (the rest start active). */
  initialLocked: number;
  initialSignedOut: number;
  /** When such a starting state ends, in simulated minutes (the morning after cutover night). */
  initialEndsMinutes: Range;
  meanActiveMinutes: number;
  meanLockedMinutes: number;
  meanSignedOutMinutes: number;
  /** Of the times an active session ends, the share that signs out rather than locks. */
  signOutShare: number;
}

export interface CreateProfileBehaviour {
  /** How long creating the profile takes, in simulated seconds. */
  durationSeconds: Range;
  /** D10: CREDENTIAL_PROMPT_TIMEOUT here means a prompt nobody answers for 10 minutes. */
  failureRates: ErrorRates;
  /** Share of attempts where a prompt shows and the user answers it (a delay, not a failure). */
  answeredPromptRate: number;
  answeredPromptSeconds: Range;
  /** D3: share of attempts on a PC with an outdated Outlook that fail with OUTLOOK_OUTDATED. */
  outdatedFailureRate: number;
}

export interface SwitchProfileBehaviour {
  /** D8: share of offers the user delays by 10 minutes, at most maxDeferrals times per PC. */
  deferRate: number;
  maxDeferrals: number;
  /** How long the user takes to answer the delay question, in simulated seconds. */
  deferAnswerSeconds: Range;
  failureRates: ErrorRates;
  closeOutlookSeconds: Range;
  /** D7: the transfer takes localDataBytes / transferBytesPerSecond (archives only: archiveShare of it). */
  transferBytesPerSecond: number;
  archiveShare: number;
  reopenOutlookSeconds: Range;
  syncSeconds: Range;
}

/** A named preset of fleet behaviour; every rate is a probability in [0, 1]. */
export interface Scenario {
  name: string;
  description: string;
  /** Fleet size and clock speed when the caller does not say. */
  devices: number;
  speed: number;
  /** D12: enrolled by the installer, then never polls during the run. */
  offlineRate: number;
  /** D11: the Monday-morning herd: PCs that start polling late, inside this window (simulated minutes). */
  lateRate: number;
  lateStartMinutes: Range;
  /** D3: PCs reporting an Outlook build below the minimum; patchRate of them get patched during the run. */
  oldOutlookRate: number;
  oldOutlookPatchRate: number;
  oldOutlookPatchMinutes: Range;
  /** D1: PCs whose service part never reaches the server (blocked proxy, say). */
  serviceUnreachableRate: number;
  /** D13: users whose PC knows no email address and whose Windows user is DOMAIN\user: MAILBOX_UNKNOWN until mapped (D15). */
  noEmailRate: number;
  /** Local Outlook data on the PC (.OST cache and .PST archives), sampled on a log scale... */
  localDataBytes: Range;
  /** ...and on a POP3 migration, where all mail lives in .PST files on the PC. */
  pop3LocalDataBytes: Range;
  /** Disk sizes the PCs come with, picked uniformly (repeat a size to make it commoner). */
  diskSizesBytes: readonly number[];
  /** Free space of most PCs, on a log scale, at most what the disk leaves beside Windows, programs and local data. */
  freeDiskBytes: Range;
  /**
   * D13: share of PCs tight on disk, free below 2 × local data + 5 GiB (DISK_SPACE_LOW), on a log scale from
   * tightFreeMinBytes up to that line; those with less than the switch moves + 1 GiB fail it with DISK_FULL.
   */
  tightDiskRate: number;
  tightFreeMinBytes: number;
  session: SessionPattern;
  createProfile: CreateProfileBehaviour;
  switchProfile: SwitchProfileBehaviour;
}

/** Rates and counts a caller may override on top of a preset (CLI flags, tests). */
export interface ScenarioOverrides {
  devices?: number;
  speed?: number;
  offlineRate?: number;
  lateRate?: number;
  oldOutlookRate?: number;
  serviceUnreachableRate?: number;
  noEmailRate?: number;
  tightDiskRate?: number;
  deferRate?: number;
  /** Replace (not merge) the preset's failure rates. */
  createFailureRates?: ErrorRates;
  switchFailureRates?: ErrorRates;
}

export function applyOverrides(base: Scenario, overrides: ScenarioOverrides = {}): Scenario {
  const scenario: Scenario = {
    ...base,
    ...pickDefined({
      devices: overrides.devices,
      speed: overrides.speed,
      offlineRate: overrides.offlineRate,
      lateRate: overrides.lateRate,
      oldOutlookRate: overrides.oldOutlookRate,
      serviceUnreachableRate: overrides.serviceUnreachableRate,
      noEmailRate: overrides.noEmailRate,
      tightDiskRate: overrides.tightDiskRate,
    }),
    createProfile: {
      ...base.createProfile,
      ...pickDefined({ failureRates: overrides.createFailureRates }),
    },
    switchProfile: {
      ...base.switchProfile,
      ...pickDefined({ deferRate: overrides.deferRate, failureRates: overrides.switchFailureRates }),
    },
  };
  validateScenario(scenario);
  return scenario;
}

function pickDefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Throws one error listing every bad value, so a CLI user fixes them all at once. */
export function validateScenario(s: Scenario): void {
  const problems: string[] = [];
  const rate = (name: string, value: number) => {
    if (!(value >= 0 && value <= 1)) problems.push(`${name} must be between 0 and 1 (got ${value})`);
  };
  const range = (name: string, [min, max]: Range) => {
    if (!(min >= 0 && max >= min))
      problems.push(`${name} must be a range [min, max] with 0 <= min <= max (got [${min}, ${max}])`);
  };
  const rates = (name: string, value: ErrorRates) => {
    let sum = 0;
    for (const [code, r] of Object.entries(value)) {
      if (!(AGENT_REPORTED_ERROR_CODES as readonly string[]).includes(code)) {
        problems.push(
          `${name}: ${code} is not a code an agent sends (one of ${AGENT_REPORTED_ERROR_CODES.join(', ')})`,
        );
      }
      rate(`${name}.${code}`, r ?? 0);
      sum += r ?? 0;
    }
    if (sum > 1 + 1e-9) problems.push(`${name} add up to ${sum.toFixed(3)}; they must add up to at most 1`);
  };
  if (!(Number.isInteger(s.devices) && s.devices >= 1))
    problems.push(`devices must be a whole number >= 1 (got ${s.devices})`);
  if (!(s.speed > 0)) problems.push(`speed must be > 0 (got ${s.speed})`);
  rate('offlineRate', s.offlineRate);
  rate('lateRate', s.lateRate);
  if (s.offlineRate + s.lateRate > 1) problems.push('offlineRate + lateRate must be at most 1');
  range('lateStartMinutes', s.lateStartMinutes);
  rate('oldOutlookRate', s.oldOutlookRate);
  rate('oldOutlookPatchRate', s.oldOutlookPatchRate);
  range('oldOutlookPatchMinutes', s.oldOutlookPatchMinutes);
  rate('serviceUnreachableRate', s.serviceUnreachableRate);
  rate('noEmailRate', s.noEmailRate);
  range('localDataBytes', s.localDataBytes);
  range('pop3LocalDataBytes', s.pop3LocalDataBytes);
  if (s.diskSizesBytes.length === 0 || !s.diskSizesBytes.every((size) => size > 0))
    problems.push('diskSizesBytes must list at least one size, each > 0');
  range('freeDiskBytes', s.freeDiskBytes);
  rate('tightDiskRate', s.tightDiskRate);
  // below the smallest D13 line (no local data: 5 GiB), so every tight PC has room to draw from
  if (!(s.tightFreeMinBytes > 0 && s.tightFreeMinBytes < DISK_SPACE_MARGIN_BYTES))
    problems.push(`tightFreeMinBytes must be > 0 and < 5 GiB (got ${s.tightFreeMinBytes})`);
  rate('session.initialLocked', s.session.initialLocked);
  rate('session.initialSignedOut', s.session.initialSignedOut);
  if (s.session.initialLocked + s.session.initialSignedOut > 1)
    problems.push('session.initialLocked + initialSignedOut must be at most 1');
  range('session.initialEndsMinutes', s.session.initialEndsMinutes);
  rate('session.signOutShare', s.session.signOutShare);
  range('createProfile.durationSeconds', s.createProfile.durationSeconds);
  rates('createProfile.failureRates', s.createProfile.failureRates);
  rate('createProfile.answeredPromptRate', s.createProfile.answeredPromptRate);
  rate('createProfile.outdatedFailureRate', s.createProfile.outdatedFailureRate);
  rate('switchProfile.deferRate', s.switchProfile.deferRate);
  rates('switchProfile.failureRates', s.switchProfile.failureRates);
  if ((s.switchProfile.failureRates.DISK_FULL ?? 0) > 0)
    problems.push(
      'switchProfile.failureRates: DISK_FULL is not drawn at random, it follows from the disk figures (tightDiskRate, freeDiskBytes, localDataBytes)',
    );
  rate('switchProfile.archiveShare', s.switchProfile.archiveShare);
  if (!(s.switchProfile.transferBytesPerSecond > 0))
    problems.push('switchProfile.transferBytesPerSecond must be > 0');
  if (problems.length > 0) throw new Error(`Invalid scenario "${s.name}":\n  - ${problems.join('\n  - ')}`);
}

/**
 * Maps one uniform draw to an error code (or null: success). Codes are walked in catalogue order so
 * the same draw always means the same code, whatever order the rates object was written in.
 */
export function sampleErrorCode(rates: ErrorRates, u: number): AgentErrorCode | null {
  let cumulative = 0;
  for (const code of AGENT_REPORTED_ERROR_CODES) {
    cumulative += rates[code] ?? 0;
    if (u < cumulative) return code;
  }
  return null;
}

export function sampleRange(random: Random, [min, max]: Range): number {
  return random.float(min, max);
}

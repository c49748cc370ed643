import {
  CREDENTIAL_PROMPT_TIMEOUT_MS,
  DISK_SPACE_MARGIN_BYTES,
  localDataScope,
  type MigrationType,
  type SwitchProfilePayload,
} from '@cutover/domain';
import { createRandom, type Random } from './random';
import { sampleErrorCode, sampleRange, type AgentErrorCode, type Scenario } from './scenarios/scenario';

const MINUTE = 60_000;
const SECOND = 1000;
const GB = 1_000_000_000;

/** What Windows, programs and the user's other files take of every disk, beside Outlook's local data. */
export const SYSTEM_BYTES = 40 * GB;
/** Room the transfer needs beyond the data it moves (the copy's temporary files, Windows' own reserve). */
export const DISK_FULL_MARGIN_BYTES = 2 ** 30;

export const AGENT_VERSION = '1.4.2';
const OS_VERSIONS = ['10.0.19045', '10.0.22631', '10.0.26100'] as const;
/** D3: builds at or above the minimum of their major version... */
const CURRENT_OUTLOOK_BUILDS = [
  '16.0.17928.20114',
  '16.0.18025.20104',
  '16.0.5435.1001',
  '15.0.5589.1001',
] as const;
/** ...and below it (2016 RTM, 2013 RTM, 2010 SP1), each with the patched build it is updated to. */
const OUTDATED_OUTLOOK_BUILDS = [
  { outdated: '16.0.4266.1001', patched: '16.0.5435.1001' },
  { outdated: '15.0.4420.1017', patched: '15.0.5589.1001' },
  { outdated: '14.0.6023.1000', patched: '14.0.7268.5000' },
] as const;

/** One simulated PC, decided up front from (seed, index) so a run is reproducible. */
export interface DevicePlan {
  index: number;
  hostname: string;
  windowsUser: string;
  /** D13: null for a user whose PC knows no email address (the Windows user is DOMAIN\user, not an address). */
  userEmail: string | null;
  osVersion: string;
  agentVersion: string;
  /** The build reported until patchedAtMs (D3). */
  outlookVersion: string;
  outdatedOutlook: boolean;
  patchedOutlookVersion: string | null;
  patchedAtMs: number | null;
  /** D12: never polls during the run. */
  offline: boolean;
  /** D11: starts polling at onlineAtMs (simulated) instead of at once. */
  late: boolean;
  onlineAtMs: number;
  /** D1: the service part never reaches the server. */
  serviceUnreachable: boolean;
  /** The inventory it reports (agent protocol), on a disk of diskSizeBytes. */
  diskSizeBytes: number;
  freeDiskBytes: number;
  localDataBytes: number;
  /** D13: planned below 2 × local data + 5 GiB of free space (DISK_SPACE_LOW). */
  tightDisk: boolean;
}

export interface PlanIdentity {
  hostnamePrefix: string;
  emailDomain: string;
  windowsDomain: string;
}

/** The random stream of one PC: everything about device `index` draws from it or its forks. */
export function deviceRandom(seed: string | number, index: number): Random {
  return createRandom(`${seed}`).fork(`device-${index}`);
}

/** `migrationType`, when the fleet knows it: a POP3 PC holds all its mail locally (pop3LocalDataBytes). */
export function planDevice(
  scenario: Scenario,
  seed: string | number,
  index: number,
  identity: PlanIdentity,
  migrationType: MigrationType | null = null,
): DevicePlan {
  const device = deviceRandom(seed, index);
  const random = device.fork('traits');
  // streams of their own, so that the traits drawn from `random` stay the same whatever these draw
  const noEmail = device.fork('identity').chance(scenario.noEmailRate);
  const disk = planDisk(scenario, device.fork('disk'), migrationType);
  const number = String(index + 1).padStart(4, '0');
  const user = `user${number}`;
  const presence = random.next();
  const offline = presence < scenario.offlineRate;
  const late = !offline && presence < scenario.offlineRate + scenario.lateRate;
  const outdatedOutlook = random.chance(scenario.oldOutlookRate);
  const outdated = random.pick(OUTDATED_OUTLOOK_BUILDS);
  const current = random.pick(CURRENT_OUTLOOK_BUILDS);
  const patched = outdatedOutlook && random.chance(scenario.oldOutlookPatchRate);
  const patchedAtMs = patched ? sampleRange(random, scenario.oldOutlookPatchMinutes) * MINUTE : null;
  const lateAtMs = sampleRange(random, scenario.lateStartMinutes) * MINUTE;
  return {
    index,
    hostname: `${identity.hostnamePrefix}-${number}`,
    windowsUser: `${identity.windowsDomain}\\${user}`,
    userEmail: noEmail ? null : `${user}@${identity.emailDomain}`,
    osVersion: random.pick(OS_VERSIONS),
    agentVersion: AGENT_VERSION,
    outlookVersion: outdatedOutlook ? outdated.outdated : current,
    outdatedOutlook,
    patchedOutlookVersion: patched ? outdated.patched : null,
    patchedAtMs,
    offline,
    late,
    onlineAtMs: late ? lateAtMs : 0,
    serviceUnreachable: random.chance(scenario.serviceUnreachableRate),
    ...disk,
  };
}

/** What the agent reports in its inventory (agent protocol), in bytes. */
export interface DiskInventory {
  freeDiskBytes: number;
  localDataBytes: number;
}

/** D13: the free space below which a PC raises DISK_SPACE_LOW (libs/domain diskSpaceLow): 2 × local data + 5 GiB. */
export function diskSpaceLine(localDataBytes: number): number {
  return 2 * localDataBytes + DISK_SPACE_MARGIN_BYTES;
}

/**
 * A PC's disk: a size from the scenario's list, local Outlook data on a log scale (more on POP3), and free
 * space on a log scale, at most what the disk leaves beside Windows, programs and the local data. A
 * tightDiskRate share is tight: free below D13's line, down to tightFreeMinBytes (log scale, so the really
 * full disks that fail the switch with DISK_FULL are not rare among them).
 */
function planDisk(
  scenario: Scenario,
  random: Random,
  migrationType: MigrationType | null,
): DiskInventory & { diskSizeBytes: number; tightDisk: boolean } {
  const diskSizeBytes = random.pick(scenario.diskSizesBytes);
  const [localMin, localMax] =
    migrationType === 'pop3' ? scenario.pop3LocalDataBytes : scenario.localDataBytes;
  const localDataBytes = Math.round(random.logUniform(localMin, localMax));
  const tightDisk = random.chance(scenario.tightDiskRate);
  const line = diskSpaceLine(localDataBytes);
  const drawn = tightDisk
    ? Math.min(Math.floor(random.logUniform(scenario.tightFreeMinBytes, line)), line - 1)
    : Math.round(random.logUniform(scenario.freeDiskBytes[0], scenario.freeDiskBytes[1]));
  const room = Math.max(0, diskSizeBytes - SYSTEM_BYTES - localDataBytes);
  return { diskSizeBytes, localDataBytes, freeDiskBytes: Math.min(drawn, room), tightDisk };
}

/**
 * D7: the bytes SWITCH_PROFILE moves: all local data on POP3 (mail lives only on the PC), the .PST archives
 * (archiveShare of it) on the other types, nothing when the command says not to. No migrationType: all of it.
 */
export function transferBytes(
  localDataBytes: number,
  order: Partial<SwitchProfilePayload>,
  archiveShare: number,
): number {
  if (order.transferLocalData === false) return 0;
  const scope = order.migrationType ? localDataScope(order.migrationType) : 'mail_and_archives';
  return scope === 'mail_and_archives' ? localDataBytes : Math.round(localDataBytes * archiveShare);
}

/** The transfer fills the disk when free space is less than the data it moves plus DISK_FULL_MARGIN_BYTES. */
export function runsOutOfDisk(freeDiskBytes: number, bytesToMove: number): boolean {
  return freeDiskBytes < bytesToMove + DISK_FULL_MARGIN_BYTES;
}

/** The fraction of the transfer done when the copy has used the room there was (all of it but the margin). */
function diskFillsAt(freeDiskBytes: number, bytesToMove: number): number {
  if (bytesToMove <= 0) return 0;
  return Math.min(1, Math.max(0, freeDiskBytes - DISK_FULL_MARGIN_BYTES) / bytesToMove);
}

/** What one CREATE_PROFILE attempt will do (D4, D10, D3). */
export interface CreateProfilePlan {
  errorCode: AgentErrorCode | null;
  /** Simulated ms spent creating the profile before the result (a timed-out prompt: 10 minutes). */
  durationMs: number;
  /** Simulated ms of an answered prompt inside durationMs (0: none). */
  answeredPromptMs: number;
}

/** `attempt` counts this PC's CREATE_PROFILE commands from 1, so a retry draws afresh. */
export function planCreateProfile(
  scenario: Scenario,
  seed: string | number,
  index: number,
  attempt: number,
  outlookOutdated: boolean,
): CreateProfilePlan {
  const random = deviceRandom(seed, index).fork(`CREATE_PROFILE-${attempt}`);
  const behaviour = scenario.createProfile;
  const outcome = random.next();
  const outdatedDraw = random.next();
  const work = sampleRange(random, behaviour.durationSeconds) * SECOND;
  const answered = random.chance(behaviour.answeredPromptRate)
    ? sampleRange(random, behaviour.answeredPromptSeconds) * SECOND
    : 0;
  // D3: an outdated Outlook fails on its own account before the per-code rates apply
  if (outlookOutdated && outdatedDraw < behaviour.outdatedFailureRate) {
    return { errorCode: 'OUTLOOK_OUTDATED', durationMs: work, answeredPromptMs: 0 };
  }
  const errorCode = sampleErrorCode(behaviour.failureRates, outcome);
  // D10: a prompt nobody answers fails profile creation after 10 minutes
  if (errorCode === 'CREDENTIAL_PROMPT_TIMEOUT') {
    return { errorCode, durationMs: CREDENTIAL_PROMPT_TIMEOUT_MS, answeredPromptMs: 0 };
  }
  return { errorCode, durationMs: work + answered, answeredPromptMs: answered };
}

/** What one SWITCH_PROFILE offer will do (D7, D8). */
export interface SwitchProfilePlan {
  /** D8: the user asks for 10 more minutes (after answerMs). */
  defer: boolean;
  answerMs: number;
  /** DISK_FULL when the disk figures say so (runsOutOfDisk), else a draw from the scenario's rates. */
  errorCode: AgentErrorCode | null;
  /** Fraction of the transfer done when the failure happens (DISK_FULL: when the copy has used the room there was). */
  failAtFraction: number;
  /** D7: what the transfer moves (transferBytes). */
  transferBytes: number;
  closeOutlookMs: number;
  transferMs: number;
  reopenOutlookMs: number;
  syncMs: number;
}

/**
 * `offer` counts this PC's SWITCH_PROFILE commands from 1 and `deferralsSoFar` its deferrals, so a
 * user defers at most maxDeferrals times. `order` is the command's payload. The transfer's duration
 * scales with the data it moves (D7), and it fails with DISK_FULL exactly when the disk cannot hold that
 * data plus DISK_FULL_MARGIN_BYTES; the other failures are drawn from the scenario's rates.
 */
export function planSwitchProfile(
  scenario: Scenario,
  seed: string | number,
  index: number,
  offer: number,
  deferralsSoFar: number,
  disk: DiskInventory,
  order: Partial<SwitchProfilePayload>,
): SwitchProfilePlan {
  const random = deviceRandom(seed, index).fork(`SWITCH_PROFILE-${offer}`);
  const behaviour = scenario.switchProfile;
  const deferDraw = random.next();
  const outcome = random.next();
  const answerMs = sampleRange(random, behaviour.deferAnswerSeconds) * SECOND;
  const drawnFraction = random.float(0.05, 0.95);
  const bytes = transferBytes(disk.localDataBytes, order, behaviour.archiveShare);
  const diskFull = runsOutOfDisk(disk.freeDiskBytes, bytes);
  return {
    defer: deferralsSoFar < behaviour.maxDeferrals && deferDraw < behaviour.deferRate,
    answerMs,
    errorCode: diskFull ? 'DISK_FULL' : sampleErrorCode(behaviour.failureRates, outcome),
    failAtFraction: diskFull ? diskFillsAt(disk.freeDiskBytes, bytes) : drawnFraction,
    transferBytes: bytes,
    closeOutlookMs: sampleRange(random, behaviour.closeOutlookSeconds) * SECOND,
    transferMs: (bytes / behaviour.transferBytesPerSecond) * SECOND,
    reopenOutlookMs: sampleRange(random, behaviour.reopenOutlookSeconds) * SECOND,
    syncMs: sampleRange(random, behaviour.syncSeconds) * SECOND,
  };
}

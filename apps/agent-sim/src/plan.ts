import { CREDENTIAL_PROMPT_TIMEOUT_MS } from '@cutover/domain';
import { createRandom, type Random } from './random';
import { sampleErrorCode, sampleRange, type AgentErrorCode, type Scenario } from './scenarios/scenario';

const MINUTE = 60_000;
const SECOND = 1000;

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
  userEmail: string;
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
  freeDiskBytes: number;
  localDataBytes: number;
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

export function planDevice(
  scenario: Scenario,
  seed: string | number,
  index: number,
  identity: PlanIdentity,
): DevicePlan {
  const random = deviceRandom(seed, index).fork('traits');
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
    userEmail: `${user}@${identity.emailDomain}`,
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
    freeDiskBytes: Math.round(random.logUniform(scenario.freeDiskBytes[0], scenario.freeDiskBytes[1])),
    localDataBytes: Math.round(random.logUniform(scenario.localDataBytes[0], scenario.localDataBytes[1])),
  };
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
  errorCode: AgentErrorCode | null;
  /** Fraction of the transfer done when the failure happens. */
  failAtFraction: number;
  closeOutlookMs: number;
  transferMs: number;
  reopenOutlookMs: number;
  syncMs: number;
}

/**
 * `offer` counts this PC's SWITCH_PROFILE commands from 1 and `deferralsSoFar` its deferrals, so a
 * user defers at most maxDeferrals times. The transfer's duration scales with the local data (D7).
 */
export function planSwitchProfile(
  scenario: Scenario,
  seed: string | number,
  index: number,
  offer: number,
  deferralsSoFar: number,
  localDataBytes: number,
  transferLocalData: boolean,
): SwitchProfilePlan {
  const random = deviceRandom(seed, index).fork(`SWITCH_PROFILE-${offer}`);
  const behaviour = scenario.switchProfile;
  const deferDraw = random.next();
  const outcome = random.next();
  const bytes = transferLocalData ? localDataBytes : localDataBytes * behaviour.archiveShare;
  return {
    defer: deferralsSoFar < behaviour.maxDeferrals && deferDraw < behaviour.deferRate,
    answerMs: sampleRange(random, behaviour.deferAnswerSeconds) * SECOND,
    errorCode: sampleErrorCode(behaviour.failureRates, outcome),
    failAtFraction: random.float(0.05, 0.95),
    closeOutlookMs: sampleRange(random, behaviour.closeOutlookSeconds) * SECOND,
    transferMs: (bytes / behaviour.transferBytesPerSecond) * SECOND,
    reopenOutlookMs: sampleRange(random, behaviour.reopenOutlookSeconds) * SECOND,
    syncMs: sampleRange(random, behaviour.syncSeconds) * SECOND,
  };
}

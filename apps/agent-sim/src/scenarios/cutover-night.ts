import type { Scenario } from './scenario';

const GB = 1_000_000_000;

/**
 * The night of a cutover and the morning after (D7, D8, D9, D11): most PCs locked or signed out
 * overnight, some switched off, then the Monday-morning herd between 60 and 120 simulated minutes
 * when everyone unlocks at once; big local data (POP3), some deferrals once users are at their desks.
 */
export const cutoverNight: Scenario = {
  name: 'cutover-night',
  description:
    'overnight locked PCs, morning herd at 60-120 min, large transfers, full disks, deferrals and transfer failures',
  devices: 300,
  speed: 60,
  offlineRate: 0.04,
  lateRate: 0.25,
  lateStartMinutes: [60, 120],
  oldOutlookRate: 0.03,
  oldOutlookPatchRate: 0,
  oldOutlookPatchMinutes: [0, 0],
  serviceUnreachableRate: 0.02,
  noEmailRate: 0.02,
  localDataBytes: [1 * GB, 25 * GB],
  pop3LocalDataBytes: [2 * GB, 45 * GB],
  diskSizesBytes: [256 * GB, 512 * GB, 512 * GB, 1000 * GB],
  freeDiskBytes: [100 * GB, 400 * GB],
  tightDiskRate: 0.06,
  tightFreeMinBytes: 1 * GB,
  session: {
    initialLocked: 0.55,
    initialSignedOut: 0.25,
    initialEndsMinutes: [60, 120],
    meanActiveMinutes: 120,
    meanLockedMinutes: 8,
    meanSignedOutMinutes: 45,
    signOutShare: 0.1,
  },
  createProfile: {
    durationSeconds: [20, 90],
    failureRates: { AUTODISCOVER_FAILED: 0.01, CREDENTIAL_PROMPT_TIMEOUT: 0.01 },
    answeredPromptRate: 0.05,
    answeredPromptSeconds: [20, 240],
    outdatedFailureRate: 0.5,
  },
  switchProfile: {
    deferRate: 0.2,
    maxDeferrals: 3,
    deferAnswerSeconds: [5, 90],
    failureRates: { DATA_TRANSFER_FAILED: 0.04, NETWORK_UNAVAILABLE: 0.02 },
    closeOutlookSeconds: [5, 30],
    transferBytesPerSecond: 8_000_000,
    archiveShare: 0.4,
    reopenOutlookSeconds: [10, 40],
    syncSeconds: [120, 1200],
  },
};

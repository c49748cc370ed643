import type { Scenario } from './scenario';

const GB = 1_000_000_000;

/** Pure protocol load (bench, capacity tests): every PC online and unlocked, nothing fails, work is quick. */
export const load: Scenario = {
  name: 'load',
  description: 'no failures, no offline or late PCs, always unlocked, quick commands',
  devices: 1000,
  speed: 60,
  offlineRate: 0,
  lateRate: 0,
  lateStartMinutes: [0, 0],
  oldOutlookRate: 0,
  oldOutlookPatchRate: 0,
  oldOutlookPatchMinutes: [0, 0],
  serviceUnreachableRate: 0,
  noEmailRate: 0,
  localDataBytes: [0.1 * GB, 1 * GB],
  pop3LocalDataBytes: [0.1 * GB, 1 * GB],
  diskSizesBytes: [512 * GB],
  freeDiskBytes: [50 * GB, 200 * GB],
  tightDiskRate: 0,
  tightFreeMinBytes: 1 * GB,
  session: {
    initialLocked: 0,
    initialSignedOut: 0,
    initialEndsMinutes: [0, 0],
    meanActiveMinutes: Infinity,
    meanLockedMinutes: 1,
    meanSignedOutMinutes: 1,
    signOutShare: 0,
  },
  createProfile: {
    durationSeconds: [2, 10],
    failureRates: {},
    answeredPromptRate: 0,
    answeredPromptSeconds: [0, 0],
    outdatedFailureRate: 0,
  },
  switchProfile: {
    deferRate: 0,
    maxDeferrals: 0,
    deferAnswerSeconds: [0, 0],
    failureRates: {},
    closeOutlookSeconds: [1, 5],
    transferBytesPerSecond: 200_000_000,
    archiveShare: 0.4,
    reopenOutlookSeconds: [2, 5],
    syncSeconds: [5, 20],
  },
};

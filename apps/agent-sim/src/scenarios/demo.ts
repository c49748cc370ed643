import type { Scenario } from './scenario';

const GB = 1_000_000_000;

/** A realistic customer for `npm start` and the dashboard: a bit of every problem the Devices tab shows. */
export const demo: Scenario = {
  name: 'demo',
  description:
    'realistic mix: 5% offline, 10% late, 8% old Outlook, 10% profile failures, deferrals, 3% service unreachable, 5% tight on disk, 2% without an email',
  devices: 200,
  speed: 30,
  offlineRate: 0.05,
  lateRate: 0.1,
  lateStartMinutes: [10, 40],
  oldOutlookRate: 0.08,
  oldOutlookPatchRate: 0.3,
  oldOutlookPatchMinutes: [20, 90],
  serviceUnreachableRate: 0.03,
  noEmailRate: 0.02,
  localDataBytes: [0.5 * GB, 20 * GB],
  pop3LocalDataBytes: [2 * GB, 40 * GB],
  diskSizesBytes: [256 * GB, 256 * GB, 512 * GB, 512 * GB, 512 * GB, 1000 * GB],
  freeDiskBytes: [100 * GB, 500 * GB],
  tightDiskRate: 0.05,
  tightFreeMinBytes: 1 * GB,
  session: {
    initialLocked: 0.1,
    initialSignedOut: 0.05,
    initialEndsMinutes: [5, 30],
    meanActiveMinutes: 90,
    meanLockedMinutes: 12,
    meanSignedOutMinutes: 30,
    signOutShare: 0.2,
  },
  createProfile: {
    durationSeconds: [20, 90],
    failureRates: {
      AUTODISCOVER_FAILED: 0.03,
      CREDENTIAL_PROMPT_TIMEOUT: 0.03,
      PROFILE_CREATION_FAILED: 0.02,
      OUTLOOK_RUNNING_AS_ADMIN: 0.01,
      NETWORK_UNAVAILABLE: 0.01,
    },
    answeredPromptRate: 0.1,
    answeredPromptSeconds: [20, 240],
    outdatedFailureRate: 0.5,
  },
  switchProfile: {
    deferRate: 0.15,
    maxDeferrals: 2,
    deferAnswerSeconds: [5, 60],
    failureRates: { DATA_TRANSFER_FAILED: 0.03, NETWORK_UNAVAILABLE: 0.01 },
    closeOutlookSeconds: [5, 30],
    transferBytesPerSecond: 15_000_000,
    archiveShare: 0.4,
    reopenOutlookSeconds: [10, 40],
    syncSeconds: [60, 600],
  },
};

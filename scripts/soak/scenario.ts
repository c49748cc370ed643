import { resolveScenario, type Scenario } from '../../apps/agent-sim/src/fleet';

const GB = 1_000_000_000;

/**
 * The soak's PCs at real-time speed: some come online during the run, screens lock now and then (D9),
 * profile creation fails 20 % of the time (the partner retries it), switches take 20-80 s with progress
 * reports (so kills and the restart hit them mid-way), fail 7 % of the time and are deferred 10 % (D8);
 * a few report an outdated Outlook (D3, half of them patched during the run) or have an unreachable
 * service part (D1).
 */
export function soakScenario(minutes: number, devices: number): Scenario {
  return resolveScenario({
    ...resolveScenario('load'),
    name: 'soak',
    description: 'chaos soak: PCs coming online throughout, locks, failures, deferrals, long switches',
    devices,
    speed: 1,
    offlineRate: 0,
    lateRate: 0.3,
    lateStartMinutes: [0, minutes * 0.85],
    oldOutlookRate: 0.05,
    oldOutlookPatchRate: 0.5,
    oldOutlookPatchMinutes: [0, minutes],
    serviceUnreachableRate: 0.02,
    localDataBytes: [0.5 * GB, 4 * GB],
    freeDiskBytes: [10 * GB, 200 * GB],
    session: {
      initialLocked: 0.1,
      initialSignedOut: 0.05,
      initialEndsMinutes: [0.2, 1.5],
      meanActiveMinutes: 4,
      meanLockedMinutes: 0.4,
      meanSignedOutMinutes: 0.6,
      signOutShare: 0.2,
    },
    createProfile: {
      durationSeconds: [2, 15],
      failureRates: {
        AUTODISCOVER_FAILED: 0.1,
        PROFILE_CREATION_FAILED: 0.05,
        OUTLOOK_RUNNING_AS_ADMIN: 0.05,
      },
      answeredPromptRate: 0.05,
      answeredPromptSeconds: [5, 20],
      outdatedFailureRate: 0.5,
    },
    switchProfile: {
      deferRate: 0.1,
      maxDeferrals: 1,
      deferAnswerSeconds: [2, 10],
      failureRates: { DATA_TRANSFER_FAILED: 0.04, NETWORK_UNAVAILABLE: 0.03 },
      closeOutlookSeconds: [1, 5],
      transferBytesPerSecond: 50_000_000,
      archiveShare: 0.4,
      reopenOutlookSeconds: [2, 5],
      syncSeconds: [10, 40],
    },
  });
}

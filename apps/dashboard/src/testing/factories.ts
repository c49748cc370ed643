import type { Device, DeviceDetail, Migration, Page } from '@cutover/domain';

let seq = 0;

/** A device as GET /api/migrations/{id}/devices returns it; override what the test is about. */
export function makeDevice(overrides: Partial<Device> = {}): Device {
  seq++;
  const n = String(seq).padStart(4, '0');
  return {
    id: `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
    migrationId: 'mig-1',
    hostname: `PC-${n}`,
    windowsUser: `CONTOSO\\user${n}`,
    userEmail: `user${n}@contoso.com`,
    status: 'profile_ready',
    online: true,
    lastSeenAt: new Date(Date.now() - 60_000).toISOString(),
    clientLastSeenAt: new Date(Date.now() - 60_000).toISOString(),
    serviceLastSeenAt: new Date(Date.now() - 90_000).toISOString(),
    locked: false,
    outlookVersion: '16.0.17928.20114',
    error: null,
    nextRetryAt: null,
    manualRetryRequired: false,
    progress: null,
    alerts: [],
    mailbox: null,
    pendingCommand: null,
    queuePosition: null,
    ...overrides,
  };
}

export function makeFailedDevice(overrides: Partial<Device> = {}): Device {
  return makeDevice({
    status: 'profile_failed',
    error: {
      code: 'CREDENTIAL_PROMPT_TIMEOUT',
      message: 'Windows or Outlook asked the user to sign in and nobody answered within 10 minutes.',
      troubleshootingUrl: '/troubleshooting/CREDENTIAL_PROMPT_TIMEOUT',
    },
    nextRetryAt: new Date(Date.now() + 39 * 60_000).toISOString(),
    ...overrides,
  });
}

export function makeDeviceDetail(overrides: Partial<DeviceDetail> = {}): DeviceDetail {
  return { ...makeDevice(overrides), events: [], ...overrides };
}

export function makePage(
  items: Device[],
  { total = items.length, nextCursor = null }: { total?: number; nextCursor?: string | null } = {},
): Page<Device> {
  return { items, total, nextCursor };
}

export function makeMigration(overrides: Partial<Migration> = {}): Migration {
  return {
    id: 'mig-1',
    customerName: 'Contoso Ltd',
    cutoverAt: new Date(Date.now() + 2 * 24 * 3600_000).toISOString(),
    migrationType: 'exchange',
    maxConcurrentTransfers: null,
    enrollmentKey: 'ek_live_3f9a2c71d4b84e0f',
    deviceCounts: { profile_ready: 40, profile_failed: 3, completed: 5 },
    openAlerts: 2,
    onlineDevices: 45,
    bandwidthMbps: null,
    ...overrides,
  };
}

import type { MigrationSummaryResponse } from '../api/get-migration-summary';
import type { DevicesLink } from '../components/labels';

export const MIGRATION_ID = 'mig-1';
export const SUMMARY_PATH = `/migrations/${MIGRATION_ID}/summary`;

/** A stand-in for the app's link builder: the Devices tab's query string, as the route passes it. */
export function testDevicesHref(link: DevicesLink): string {
  const params = new URLSearchParams();
  if (link.status) params.set('status', link.status.join(','));
  if (link.errorCode) params.set('errorCode', link.errorCode.join(','));
  if (link.alert) params.set('alert', link.alert);
  if (link.online !== undefined) params.set('online', String(link.online));
  const text = params.toString();
  return `/migrations/${MIGRATION_ID}/devices${text === '' ? '' : `?${text}`}`;
}

/** GET /api/migrations/{id}/summary (D12) the morning after a 48-device cutover; override what the test is about. */
export function makeSummary(overrides: Partial<MigrationSummaryResponse> = {}): MigrationSummaryResponse {
  return {
    asOf: '2025-11-26T07:00:00.000Z',
    devices: 48,
    completed: 40,
    neverSeen: 2,
    offline: 3,
    manualRetryRequired: 1,
    byStatus: { completed: 40, profile_failed: 4, switch_failed: 1, enrolled: 2, switching: 1 },
    failuresByCode: [
      {
        code: 'CREDENTIAL_PROMPT_TIMEOUT',
        message: 'Windows or Outlook asked the user to sign in and nobody answered within 10 minutes.',
        troubleshootingUrl: '/troubleshooting/CREDENTIAL_PROMPT_TIMEOUT',
        count: 4,
      },
      {
        code: 'DATA_TRANSFER_FAILED',
        message: 'Moving the local mail or archive files (PST) to the new profile failed.',
        troubleshootingUrl: '/troubleshooting/DATA_TRANSFER_FAILED',
        count: 1,
      },
    ],
    alertsByCode: [
      { code: 'DISK_SPACE_LOW', count: 3 },
      { code: 'MAILBOX_UNKNOWN', count: 1 },
    ],
    switch: { done: 40, inProgress: 1, queued: 0, etaAt: null },
    ...overrides,
  };
}

import { DEVICE_STATUS_LABELS, DEVICE_STATUSES, type Migration, type MigrationType } from '@cutover/domain';
import type { BarSegment } from '../../../components/ui/stacked-bar';

export const MIGRATION_TYPE_LABELS: Readonly<Record<MigrationType, string>> = {
  exchange: 'Exchange',
  imap: 'IMAP',
  pop3: 'POP3',
  google: 'Google Workspace',
};

export function totalDevices(migration: Pick<Migration, 'deviceCounts'>): number {
  return Object.values(migration.deviceCounts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

export function countOf(
  migration: Pick<Migration, 'deviceCounts'>,
  ...statuses: Array<keyof Migration['deviceCounts']>
): number {
  return statuses.reduce((sum, status) => sum + (migration.deviceCounts[status] ?? 0), 0);
}

/** Device counts in lifecycle order, for the bars and the breakdown chart. */
export function statusSegments(migration: Pick<Migration, 'deviceCounts'>): BarSegment[] {
  return DEVICE_STATUSES.map((status) => ({
    status,
    count: migration.deviceCounts[status] ?? 0,
    label: DEVICE_STATUS_LABELS[status],
  }));
}

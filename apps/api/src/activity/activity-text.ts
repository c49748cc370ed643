import { BULK_SKIP_REASON_LABELS, type BulkSkipReason } from '@cutover/domain';

/** Audit-log actions (activity.action) and the shape of their stored detail. */
export interface ActivityDetails {
  'migration.created': {
    customerName: string;
    migrationType: string;
    cutoverAt: string;
    maxConcurrentTransfers: number | null;
  };
  'migration.updated': { changes: Record<string, { from: unknown; to: unknown }> };
  'enrollment_key.rotated': Record<string, never>;
  'devices.retry_profile_creation': BulkActionDetail;
  'devices.retry_switch': BulkActionDetail;
  /** D15: the mapping replaced; counts only (the mapping itself is GET .../mailbox-mappings). */
  'mailbox_mapping.imported': {
    format: 'csv' | 'json';
    imported: number;
    matchedDevices: number;
    changedDevices: number;
  };
}

/** D5, D14: a bulk action as the audit log keeps it (the affected ids are in activity.device_ids). */
interface BulkActionDetail {
  selection: 'ids' | 'filter';
  filter?: { status?: string[]; q?: string; hasError?: boolean };
  requested: number;
  affected: number;
  skipped: Partial<Record<BulkSkipReason, number>>;
}
export type ActivityAction = keyof ActivityDetails;

const FIELD_LABELS: Record<string, string> = {
  customerName: 'customer name',
  cutoverAt: 'cutover',
  maxConcurrentTransfers: 'concurrent transfer cap',
  pollIntervalSeconds: 'poll interval',
};

function show(value: unknown): string {
  return value === null || value === undefined ? 'none' : String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The one-line text of an audit-log entry (ActivityEntry.detail). */
export function describeActivity(action: string, detail: Record<string, unknown>): string | null {
  switch (action as ActivityAction) {
    case 'migration.created': {
      const d = detail as ActivityDetails['migration.created'];
      return `Migration created for ${d.customerName} (${d.migrationType}), cutover ${d.cutoverAt}`;
    }
    case 'migration.updated': {
      const d = detail as ActivityDetails['migration.updated'];
      return `Changed ${Object.entries(d.changes ?? {})
        .map(([field, c]) => `${FIELD_LABELS[field] ?? field} from ${show(c.from)} to ${show(c.to)}`)
        .join('; ')}`;
    }
    case 'enrollment_key.rotated':
      return 'Enrollment key rotated: the old key no longer enrolls devices (enrolled devices keep working)';
    case 'devices.retry_profile_creation':
    case 'devices.retry_switch': {
      const d = detail as unknown as BulkActionDetail;
      const what = action === 'devices.retry_switch' ? 'Retry switch' : 'Retry profile creation';
      const skipped = Object.entries(d.skipped ?? {})
        .filter(([, n]) => (n ?? 0) > 0)
        .map(
          ([reason, n]) =>
            `${n} ${BULK_SKIP_REASON_LABELS[reason as BulkSkipReason]?.toLowerCase() ?? reason}`,
        );
      const selection =
        d.selection === 'filter'
          ? `all devices matching ${describeFilter(d.filter ?? {})}`
          : plural(d.requested, 'selected device');
      return `${what} for ${selection}: ${plural(d.affected, 'device')} queued${
        skipped.length > 0 ? `, skipped ${skipped.join(', ')}` : ''
      }`;
    }
    case 'mailbox_mapping.imported': {
      const d = detail as ActivityDetails['mailbox_mapping.imported'];
      return `Mailbox mapping replaced from ${d.format === 'csv' ? 'a CSV file' : 'JSON'}: ${plural(
        d.imported,
        'mapping',
      )}, ${plural(d.matchedDevices, 'device')} mapped, ${plural(d.changedDevices, 'device')} changed`;
    }
    default:
      return Object.keys(detail).length === 0 ? null : JSON.stringify(detail);
  }
}

function describeFilter(filter: { status?: string[]; q?: string; hasError?: boolean }): string {
  const parts = [
    filter.status?.length ? `status ${filter.status.join(' or ')}` : null,
    filter.q ? `"${filter.q}"` : null,
    filter.hasError ? 'with an error' : filter.hasError === false ? 'without an error' : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : 'the migration';
}

import type { DeviceFilter } from '@cutover/domain';
import { toQueryString } from '../../../lib/api-client';
import { deviceFilterQuery } from './get-devices';

/** GET /api/migrations/{id}/devices.csv with the list's filter: a plain link, the browser downloads it with the session cookie. */
export function exportDevicesCsvUrl(migrationId: string, filter: DeviceFilter): string {
  return `/api/migrations/${encodeURIComponent(migrationId)}/devices.csv${toQueryString(deviceFilterQuery(filter))}`;
}

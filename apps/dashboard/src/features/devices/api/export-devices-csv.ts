import { toQueryString } from '../../../lib/api-client';
import { deviceFilterQuery, type DeviceListFilter } from './get-devices';

/** GET /api/migrations/{id}/devices.csv with the list's filter: a plain link, the browser downloads it with the session cookie. */
export function exportDevicesCsvUrl(migrationId: string, filter: DeviceListFilter): string {
  return `/api/migrations/${encodeURIComponent(migrationId)}/devices.csv${toQueryString(deviceFilterQuery(filter))}`;
}

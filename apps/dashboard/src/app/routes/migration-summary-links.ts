import { deviceFilterSearch } from '../../features/devices/components/use-device-filter';
import type { DevicesHref } from '../../features/migration-summary/components/labels';

/** The summary views link to the Devices tab in the query string the Devices tab reads (one filter, STYLE 11). */
export function summaryDevicesHref(migrationId: string): DevicesHref {
  return (link) => `/migrations/${migrationId}/devices${deviceFilterSearch(link)}`;
}

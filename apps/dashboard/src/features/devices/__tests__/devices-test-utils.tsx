import type { Device, DeviceSort, DeviceStatus } from '@cutover/domain';
import { makePage } from '../../../testing/factories';
import { type mockApi, type RecordedRequest } from '../../../testing/mock-api';
import { renderWithProviders } from '../../../testing/render';
import { DevicesView } from '../components/devices-view';
import type { StatusCounts } from '../components/device-filters';

export const MIGRATION_ID = 'mig-1';
export const DEVICES_PATH = `/migrations/${MIGRATION_ID}/devices`;

const byHostname = (a: Device, b: Device) =>
  a.hostname.toLowerCase() < b.hostname.toLowerCase()
    ? -1
    : a.hostname.toLowerCase() > b.hostname.toLowerCase()
      ? 1
      : 0;
const seenAt = (d: Device) => (d.lastSeenAt === null ? -Infinity : Date.parse(d.lastSeenAt));
/** The partner API's orders (`sort=`), each then by hostname. */
const ORDERS: Record<DeviceSort, (a: Device, b: Device) => number> = {
  hostname: byHostname,
  '-hostname': (a, b) => byHostname(b, a),
  status: (a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : byHostname(a, b)),
  lastSeenAt: (a, b) => seenAt(a) - seenAt(b) || byHostname(a, b),
  '-lastSeenAt': (a, b) => seenAt(b) - seenAt(a) || byHostname(b, a),
};

/**
 * Answers the device list like the API would: filters `all` by status / q / hasError / errorCode / alert / online,
 * orders by `sort`, pages by limit (the cursor of page n + 1 is `cursor-<n + 1>`).
 */
export function serveDevices(
  api: ReturnType<typeof mockApi>,
  all: () => Device[],
  { total }: { total?: number } = {},
) {
  api.on('GET', DEVICES_PATH, (request: RecordedRequest) => {
    const statuses = request.query.get('status')?.split(',') as DeviceStatus[] | undefined;
    const q = request.query.get('q')?.toLowerCase();
    const hasError = request.query.get('hasError') === 'true';
    const errorCodes = request.query.get('errorCode')?.split(',');
    const alert = request.query.get('alert');
    const online = request.query.get('online');
    const matching = all().filter(
      (d) =>
        (!statuses || statuses.includes(d.status)) &&
        (!q || d.hostname.toLowerCase().startsWith(q) || d.windowsUser.toLowerCase().startsWith(q)) &&
        (!hasError || d.error !== null) &&
        (!errorCodes || (d.error !== null && errorCodes.includes(d.error.code))) &&
        (!alert || d.alerts.some((a) => a.code === alert)) &&
        (online === null || String(d.online) === online),
    );
    matching.sort(ORDERS[(request.query.get('sort') ?? 'hostname') as DeviceSort]);
    const limit = Number(request.query.get('limit') ?? 50);
    const page = Number(request.query.get('cursor')?.replace('cursor-', '') ?? 1);
    return makePage(matching.slice((page - 1) * limit, page * limit), {
      total: total ?? matching.length,
      nextCursor: matching.length > page * limit ? `cursor-${page + 1}` : null,
    });
  });
}

export function countsOf(devices: Device[]): StatusCounts {
  const counts: StatusCounts = {};
  for (const d of devices) counts[d.status] = (counts[d.status] ?? 0) + 1;
  return counts;
}

export function renderDevicesView({
  devices,
  search = '',
  pollIntervalSeconds,
  onActionDone,
}: {
  devices: Device[];
  search?: string;
  pollIntervalSeconds?: number;
  onActionDone?: () => void;
}) {
  return renderWithProviders(
    <DevicesView
      migrationId={MIGRATION_ID}
      counts={countsOf(devices)}
      pollIntervalSeconds={pollIntervalSeconds}
      onActionDone={onActionDone}
    />,
    {
      route: `/migrations/${MIGRATION_ID}/devices${search}`,
      path: '/migrations/:migrationId/devices',
    },
  );
}

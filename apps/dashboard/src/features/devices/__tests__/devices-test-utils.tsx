import type { Device, DeviceStatus } from '@cutover/domain';
import { makePage } from '../../../testing/factories';
import { type mockApi, type RecordedRequest } from '../../../testing/mock-api';
import { renderWithProviders } from '../../../testing/render';
import { DevicesView } from '../components/devices-view';
import type { StatusCounts } from '../components/device-filters';

export const MIGRATION_ID = 'mig-1';
export const DEVICES_PATH = `/migrations/${MIGRATION_ID}/devices`;

/** Answers the device list like the API would: filters `all` by status / q / hasError / errorCode / alert / online, pages by limit. */
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
    const limit = Number(request.query.get('limit') ?? 50);
    return makePage(matching.slice(0, limit), {
      total: total ?? matching.length,
      nextCursor: matching.length > limit ? 'cursor-2' : null,
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

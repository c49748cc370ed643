import type { Migration } from '@cutover/domain';
import { useOutletContext } from 'react-router';
import { useDevices } from '../../features/devices/api/get-devices';
import { MigrationOverview } from '../../features/migrations/components/migration-overview';

const ONLINE_SAMPLE = 500;

/**
 * D2: how many devices are online. Taken from the migration when the API reports it (an additive field), else
 * counted from one page of the device list, which is exact up to 500 devices; beyond that it is left out.
 */
function useOnlineCount(migration: Migration): number | null {
  const reported = (migration as Migration & { onlineDevices?: unknown }).onlineDevices;
  const list = useDevices({
    migrationId: migration.id,
    filter: {},
    limit: ONLINE_SAMPLE,
    queryConfig: { enabled: typeof reported !== 'number', refetchInterval: 15_000 },
  });
  if (typeof reported === 'number') return reported;
  if (!list.data || list.data.total > list.data.items.length) return null;
  return list.data.items.filter((d) => d.online).length;
}

export function MigrationOverviewRoute() {
  const migration = useOutletContext<Migration>();
  const online = useOnlineCount(migration);
  return <MigrationOverview migration={migration} online={online} serverUrl={window.location.origin} />;
}

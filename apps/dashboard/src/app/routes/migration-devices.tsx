import type { Migration } from '@cutover/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { DevicesView } from '../../features/devices/components/devices-view';
import { getMigrationQueryOptions } from '../../features/migrations/api/get-migration';

export function MigrationDevicesRoute() {
  const migration = useOutletContext<Migration>();
  const queryClient = useQueryClient();
  return (
    <DevicesView
      migrationId={migration.id}
      counts={migration.deviceCounts}
      // the status counts live on the migration: refresh them right after a bulk action
      onActionDone={() =>
        void queryClient.invalidateQueries({ queryKey: getMigrationQueryOptions(migration.id).queryKey })
      }
    />
  );
}

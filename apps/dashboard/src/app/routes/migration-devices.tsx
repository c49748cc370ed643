import type { Migration } from '@cutover/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { DevicesView } from '../../features/devices/components/devices-view';
import { getMigrationQueryOptions } from '../../features/migrations/api/get-migration';

/** The API's migration also carries its D2 poll interval; the shared type may not name it. */
type MigrationWithPollInterval = Migration & { pollIntervalSeconds?: number };

export function MigrationDevicesRoute() {
  const migration = useOutletContext<MigrationWithPollInterval>();
  const queryClient = useQueryClient();
  return (
    <DevicesView
      migrationId={migration.id}
      counts={migration.deviceCounts}
      pollIntervalSeconds={migration.pollIntervalSeconds}
      // the status counts live on the migration: refresh them right after a bulk action
      onActionDone={() =>
        void queryClient.invalidateQueries({ queryKey: getMigrationQueryOptions(migration.id).queryKey })
      }
    />
  );
}

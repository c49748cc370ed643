import type { Migration } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

export function getMigration(migrationId: string): Promise<Migration> {
  return api.get<Migration>(`/migrations/${encodeURIComponent(migrationId)}`);
}

export function getMigrationQueryOptions(migrationId: string) {
  return queryOptions({ queryKey: ['migrations', migrationId], queryFn: () => getMigration(migrationId) });
}

/** The migration with its live device counts and open alerts (refreshed with the Devices tab). */
export function useMigration({
  migrationId,
  queryConfig,
}: {
  migrationId: string;
  queryConfig?: QueryConfig<typeof getMigrationQueryOptions>;
}) {
  return useQuery({
    ...getMigrationQueryOptions(migrationId),
    refetchInterval: LIVE_REFRESH_MS,
    ...queryConfig,
  });
}

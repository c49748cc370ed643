import type { MigrationSummary } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

/** GET /api/migrations/{id}/summary (partner-api.md "Added in v1.1", D12): the contract type from '@cutover/domain'. */
export type MigrationSummaryResponse = MigrationSummary;

export function getMigrationSummary({
  migrationId,
  signal,
}: {
  migrationId: string;
  signal?: AbortSignal;
}): Promise<MigrationSummaryResponse> {
  return api.get<MigrationSummaryResponse>(`/migrations/${encodeURIComponent(migrationId)}/summary`, {
    signal,
  });
}

export function getMigrationSummaryQueryOptions(migrationId: string) {
  return queryOptions({
    queryKey: ['migrations', migrationId, 'summary'],
    queryFn: ({ signal }) => getMigrationSummary({ migrationId, signal }),
  });
}

/** The live summary: refetched every few seconds (cutover night), the last answer kept on screen meanwhile. */
export function useMigrationSummary({
  migrationId,
  queryConfig,
}: {
  migrationId: string;
  queryConfig?: QueryConfig<typeof getMigrationSummaryQueryOptions>;
}) {
  return useQuery({
    ...getMigrationSummaryQueryOptions(migrationId),
    refetchInterval: LIVE_REFRESH_MS,
    ...queryConfig,
  });
}

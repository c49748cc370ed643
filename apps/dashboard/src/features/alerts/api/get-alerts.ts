import type { ListMigrationAlertsResponse } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

/** GET /api/migrations/{id}/alerts: the open readiness alerts (D1, D3). */
export function getAlerts(migrationId: string): Promise<ListMigrationAlertsResponse> {
  return api.get<ListMigrationAlertsResponse>(`/migrations/${encodeURIComponent(migrationId)}/alerts`);
}

export function getAlertsQueryOptions(migrationId: string) {
  return queryOptions({ queryKey: ['alerts', migrationId], queryFn: () => getAlerts(migrationId) });
}

export function useAlerts({
  migrationId,
  queryConfig,
}: {
  migrationId: string;
  queryConfig?: QueryConfig<typeof getAlertsQueryOptions>;
}) {
  return useQuery({
    ...getAlertsQueryOptions(migrationId),
    refetchInterval: LIVE_REFRESH_MS * 2,
    ...queryConfig,
  });
}

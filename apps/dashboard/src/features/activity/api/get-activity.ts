import type { ActivityEntry } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

export interface ActivityList {
  items: ActivityEntry[];
  nextCursor?: string | null;
}

/** GET /api/migrations/{id}/activity: the migration's audit log, newest first (who did what, when). */
export function getActivity(migrationId: string): Promise<ActivityList> {
  return api.get<ActivityList>(`/migrations/${encodeURIComponent(migrationId)}/activity`);
}

export function getActivityQueryOptions(migrationId: string) {
  return queryOptions({ queryKey: ['activity', migrationId], queryFn: () => getActivity(migrationId) });
}

export function useActivity({
  migrationId,
  queryConfig,
}: {
  migrationId: string;
  queryConfig?: QueryConfig<typeof getActivityQueryOptions>;
}) {
  return useQuery({
    ...getActivityQueryOptions(migrationId),
    refetchInterval: LIVE_REFRESH_MS * 2,
    ...queryConfig,
  });
}

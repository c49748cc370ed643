import type { ListMigrationsResponse } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

export function getMigrations(): Promise<ListMigrationsResponse> {
  return api.get<ListMigrationsResponse>('/migrations');
}

export function getMigrationsQueryOptions() {
  return queryOptions({ queryKey: ['migrations'], queryFn: getMigrations });
}

export function useMigrations({
  queryConfig,
}: { queryConfig?: QueryConfig<typeof getMigrationsQueryOptions> } = {}) {
  return useQuery({ ...getMigrationsQueryOptions(), refetchInterval: LIVE_REFRESH_MS * 2, ...queryConfig });
}

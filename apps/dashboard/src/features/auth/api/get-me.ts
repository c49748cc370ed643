import type { MeResponse } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';

/** Who is signed in; null when nobody is (a 401 is an answer here, not an error). */
export async function getMe(): Promise<MeResponse | null> {
  try {
    return await api.get<MeResponse>('/auth/me', { allowUnauthorized: true });
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

export function getMeQueryOptions() {
  return queryOptions({ queryKey: ['auth', 'me'], queryFn: getMe, staleTime: 60_000 });
}

export function useMe({ queryConfig }: { queryConfig?: QueryConfig<typeof getMeQueryOptions> } = {}) {
  return useQuery({ ...getMeQueryOptions(), ...queryConfig });
}

import type { ApiTokenList } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';

/** GET /api/tokens: the partner's API tokens, without their secrets (stored as hashes only). */
export function getApiTokens(): Promise<ApiTokenList> {
  return api.get<ApiTokenList>('/tokens');
}

export function getApiTokensQueryOptions() {
  return queryOptions({ queryKey: ['api-tokens'], queryFn: getApiTokens });
}

export function useApiTokens({
  queryConfig,
}: { queryConfig?: QueryConfig<typeof getApiTokensQueryOptions> } = {}) {
  return useQuery({ ...getApiTokensQueryOptions(), ...queryConfig });
}

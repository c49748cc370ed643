import type { ApiTokenCreated, ApiTokenCreateRequest } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getApiTokensQueryOptions } from './get-api-tokens';

/** POST /api/tokens → 201 with the token, the only time it is readable. */
export function createApiToken(input: ApiTokenCreateRequest): Promise<ApiTokenCreated> {
  return api.post<ApiTokenCreated>('/tokens', input);
}

export function useCreateApiToken({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof createApiToken> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: createApiToken,
    onSuccess: async (created, ...args) => {
      // the list is refetched, never seeded from this reply: the token itself must not reach the query cache
      await queryClient.invalidateQueries({ queryKey: getApiTokensQueryOptions().queryKey });
      return onSuccess?.(created, ...args);
    },
  });
}

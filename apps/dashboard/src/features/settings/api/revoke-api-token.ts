import type { ApiTokenList } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getApiTokensQueryOptions } from './get-api-tokens';

/** DELETE /api/tokens/{id} → 204: the token stops working at once. */
export function revokeApiToken({ tokenId }: { tokenId: string }): Promise<void> {
  return apiRequest<void>(`/tokens/${encodeURIComponent(tokenId)}`, { method: 'DELETE' });
}

export function useRevokeApiToken({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof revokeApiToken> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: revokeApiToken,
    onSuccess: async (result, variables, ...args) => {
      const key = getApiTokensQueryOptions().queryKey;
      queryClient.setQueryData<ApiTokenList>(key, (old) =>
        old ? { items: old.items.filter((token) => token.id !== variables.tokenId) } : old,
      );
      await queryClient.invalidateQueries({ queryKey: key });
      return onSuccess?.(result, variables, ...args);
    },
  });
}

import type { WebhookCreated, WebhookCreateRequest } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getWebhooksQueryOptions } from './get-webhooks';

/** POST /api/webhooks → 201 with the signing secret, the only time it is readable. */
export function createWebhook(input: WebhookCreateRequest): Promise<WebhookCreated> {
  return api.post<WebhookCreated>('/webhooks', input);
}

export function useCreateWebhook({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof createWebhook> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: createWebhook,
    onSuccess: async (created, ...args) => {
      // refetched, never seeded from this reply: the secret must not reach the query cache
      await queryClient.invalidateQueries({ queryKey: getWebhooksQueryOptions().queryKey, exact: true });
      return onSuccess?.(created, ...args);
    },
  });
}

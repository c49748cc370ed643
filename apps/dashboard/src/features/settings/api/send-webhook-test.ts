import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getWebhookDeliveriesQueryOptions } from './get-webhook-deliveries';

/** POST /api/webhooks/{id}/test → 202: the service sends a `ping` delivery to the endpoint. */
export function sendWebhookTest({ webhookId }: { webhookId: string }): Promise<void> {
  return api.post<void>(`/webhooks/${encodeURIComponent(webhookId)}/test`);
}

export function useSendWebhookTest({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof sendWebhookTest> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: sendWebhookTest,
    onSuccess: async (result, variables, ...args) => {
      await queryClient.invalidateQueries({
        queryKey: getWebhookDeliveriesQueryOptions(variables.webhookId).queryKey,
      });
      return onSuccess?.(result, variables, ...args);
    },
  });
}

import type { WebhookList } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getWebhookDeliveriesQueryOptions } from './get-webhook-deliveries';
import { getWebhooksQueryOptions } from './get-webhooks';

/** DELETE /api/webhooks/{id} → 204: no more deliveries to that endpoint. */
export function deleteWebhook({ webhookId }: { webhookId: string }): Promise<void> {
  return apiRequest<void>(`/webhooks/${encodeURIComponent(webhookId)}`, { method: 'DELETE' });
}

export function useDeleteWebhook({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof deleteWebhook> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: deleteWebhook,
    onSuccess: async (result, variables, ...args) => {
      const key = getWebhooksQueryOptions().queryKey;
      queryClient.setQueryData<WebhookList>(key, (old) =>
        old ? { items: old.items.filter((webhook) => webhook.id !== variables.webhookId) } : old,
      );
      queryClient.removeQueries({ queryKey: getWebhookDeliveriesQueryOptions(variables.webhookId).queryKey });
      await queryClient.invalidateQueries({ queryKey: key, exact: true });
      return onSuccess?.(result, variables, ...args);
    },
  });
}

import type { WebhookDeliveryList } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

/** GET /api/webhooks/{id}/deliveries: the recent attempts to one endpoint (D18: every attempt is visible). */
export function getWebhookDeliveries({
  webhookId,
  signal,
}: {
  webhookId: string;
  signal?: AbortSignal;
}): Promise<WebhookDeliveryList> {
  return api.get<WebhookDeliveryList>(`/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { signal });
}

export function getWebhookDeliveriesQueryOptions(webhookId: string) {
  return queryOptions({
    queryKey: ['webhooks', webhookId, 'deliveries'],
    queryFn: ({ signal }) => getWebhookDeliveries({ webhookId, signal }),
  });
}

/**
 * Live while something can still change: a delivery is pending, or a test was sent moments ago (`watchUntil`, ms)
 * and its delivery may not be listed yet. Otherwise the list is still, and costs nothing.
 */
export function deliveriesRefetchInterval(
  data: WebhookDeliveryList | undefined,
  { now, watchUntil }: { now: number; watchUntil?: number },
): number | false {
  if (data?.items.some((delivery) => delivery.status === 'pending')) return LIVE_REFRESH_MS;
  return watchUntil !== undefined && now < watchUntil ? LIVE_REFRESH_MS : false;
}

export function useWebhookDeliveries({
  webhookId,
  watchUntil,
  queryConfig,
}: {
  webhookId: string;
  watchUntil?: number;
  queryConfig?: QueryConfig<typeof getWebhookDeliveriesQueryOptions>;
}) {
  return useQuery({
    ...getWebhookDeliveriesQueryOptions(webhookId),
    refetchInterval: (query) => deliveriesRefetchInterval(query.state.data, { now: Date.now(), watchUntil }),
    ...queryConfig,
  });
}

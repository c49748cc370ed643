import type { WebhookList } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';

/** GET /api/webhooks: the partner's subscriptions (D18), without their signing secrets. */
export function getWebhooks(): Promise<WebhookList> {
  return api.get<WebhookList>('/webhooks');
}

export function getWebhooksQueryOptions() {
  return queryOptions({ queryKey: ['webhooks'], queryFn: getWebhooks });
}

export function useWebhooks({
  queryConfig,
}: { queryConfig?: QueryConfig<typeof getWebhooksQueryOptions> } = {}) {
  return useQuery({ ...getWebhooksQueryOptions(), ...queryConfig });
}

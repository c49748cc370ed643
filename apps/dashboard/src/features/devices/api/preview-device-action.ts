import type { BulkActionRequest, BulkPreviewResponse } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';
import { getDevicesQueryOptions } from './get-devices';

/** POST /api/migrations/{id}/devices/actions/preview (D16, D17) with exactly the body the action will send; it changes nothing. */
export function previewDeviceAction({
  migrationId,
  request,
  signal,
}: {
  migrationId: string;
  request: BulkActionRequest;
  signal?: AbortSignal;
}): Promise<BulkPreviewResponse> {
  return api.post<BulkPreviewResponse>(
    `/migrations/${encodeURIComponent(migrationId)}/devices/actions/preview`,
    request,
    { signal },
  );
}

/**
 * Key ['devices', migrationId, 'action-preview', request]: the body is the key, so another action or selection
 * asks again, and the devices prefix marks every preview stale once an action has run.
 */
export function getDeviceActionPreviewQueryOptions({
  migrationId,
  request,
}: {
  migrationId: string;
  request: BulkActionRequest;
}) {
  return queryOptions({
    queryKey: [...getDevicesQueryOptions({ migrationId }).queryKey, 'action-preview', request],
    queryFn: ({ signal }) => previewDeviceAction({ migrationId, request, signal }),
  });
}

export function useDeviceActionPreview({
  migrationId,
  request,
  queryConfig,
}: {
  migrationId: string;
  request: BulkActionRequest;
  queryConfig?: QueryConfig<typeof getDeviceActionPreviewQueryOptions>;
}) {
  return useQuery({ ...getDeviceActionPreviewQueryOptions({ migrationId, request }), ...queryConfig });
}

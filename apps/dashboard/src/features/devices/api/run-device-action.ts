import type { BulkActionRequest, BulkActionResponse } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getDeviceQueryOptions } from './get-device';
import { getDevicesQueryOptions } from './get-devices';

/**
 * POST /api/migrations/{id}/devices/actions (D5 retry-profile-creation, D14 retry-switch): by `deviceIds`, or by the
 * list's `filter` for "select all matching".
 */
export function runDeviceAction({
  migrationId,
  request,
}: {
  migrationId: string;
  request: BulkActionRequest;
}): Promise<BulkActionResponse> {
  return api.post<BulkActionResponse>(
    `/migrations/${encodeURIComponent(migrationId)}/devices/actions`,
    request,
  );
}

export function useRunDeviceAction({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof runDeviceAction> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: runDeviceAction,
    onSuccess: async (result, variables, ...args) => {
      // the device lists (and, under the same prefix, every action preview) and the open device are stale now
      await Promise.all([
        queryClient.invalidateQueries({
          queryKey: getDevicesQueryOptions({ migrationId: variables.migrationId }).queryKey,
        }),
        queryClient.invalidateQueries({ queryKey: getDeviceQueryOptions().queryKey }),
      ]);
      return onSuccess?.(result, variables, ...args);
    },
  });
}

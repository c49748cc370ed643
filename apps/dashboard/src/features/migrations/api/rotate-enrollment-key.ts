import type { Migration, RotateEnrollmentKeyResponse } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getMigrationQueryOptions } from './get-migration';

export function rotateEnrollmentKey({
  migrationId,
}: {
  migrationId: string;
}): Promise<RotateEnrollmentKeyResponse> {
  return api.post<RotateEnrollmentKeyResponse>(
    `/migrations/${encodeURIComponent(migrationId)}/enrollment-key/rotate`,
  );
}

/** The old key stops enrolling new PCs; enrolled ones keep working. */
export function useRotateEnrollmentKey({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof rotateEnrollmentKey> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: rotateEnrollmentKey,
    onSuccess: async (result, variables, ...args) => {
      const key = getMigrationQueryOptions(variables.migrationId).queryKey;
      queryClient.setQueryData<Migration>(key, (old) =>
        old ? { ...old, enrollmentKey: result.enrollmentKey } : old,
      );
      await queryClient.invalidateQueries({ queryKey: key });
      return onSuccess?.(result, variables, ...args);
    },
  });
}

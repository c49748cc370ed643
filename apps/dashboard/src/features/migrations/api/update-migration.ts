import type { Migration, UpdateMigrationRequest } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getMigrationQueryOptions } from './get-migration';
import { getMigrationsQueryOptions } from './get-migrations';

export function updateMigration({
  migrationId,
  data,
}: {
  migrationId: string;
  data: UpdateMigrationRequest;
}): Promise<Migration> {
  return api.patch<Migration>(`/migrations/${encodeURIComponent(migrationId)}`, data);
}

/** D4: a new cutover time makes the API recompute scheduled retries; the device list refreshes on its own. */
export function useUpdateMigration({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof updateMigration> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: updateMigration,
    onSuccess: async (migration, ...args) => {
      queryClient.setQueryData(getMigrationQueryOptions(migration.id).queryKey, migration);
      await queryClient.invalidateQueries({ queryKey: getMigrationsQueryOptions().queryKey, exact: true });
      return onSuccess?.(migration, ...args);
    },
  });
}

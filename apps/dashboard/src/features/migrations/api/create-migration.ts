import type { CreateMigrationRequest, Migration } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getMigrationQueryOptions } from './get-migration';
import { getMigrationsQueryOptions } from './get-migrations';

export function createMigration(input: CreateMigrationRequest): Promise<Migration> {
  return api.post<Migration>('/migrations', input);
}

export function useCreateMigration({
  mutationConfig,
}: { mutationConfig?: MutationConfig<typeof createMigration> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: createMigration,
    onSuccess: async (migration, ...args) => {
      queryClient.setQueryData(getMigrationQueryOptions(migration.id).queryKey, migration);
      await queryClient.invalidateQueries({ queryKey: getMigrationsQueryOptions().queryKey, exact: true });
      return onSuccess?.(migration, ...args);
    },
  });
}

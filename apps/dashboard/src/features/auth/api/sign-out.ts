import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getMeQueryOptions } from './get-me';

export async function signOut(): Promise<void> {
  await api.post<void>('/auth/logout', undefined, { allowUnauthorized: true });
}

/** Ends the session and forgets every cached answer, so the next user sees nothing of this one. */
export function useSignOut({ mutationConfig }: { mutationConfig?: MutationConfig<typeof signOut> } = {}) {
  const queryClient = useQueryClient();
  const { onSettled, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: signOut,
    onSettled: (...args) => {
      queryClient.clear();
      queryClient.setQueryData(getMeQueryOptions().queryKey, null);
      return onSettled?.(...args);
    },
  });
}

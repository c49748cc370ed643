import type { LoginRequest, MeResponse } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getMe, getMeQueryOptions } from './get-me';

/** POST /api/auth/login sets the session cookie; then `me` says who we are. */
export async function signIn(input: LoginRequest): Promise<MeResponse | null> {
  await api.post('/auth/login', input, { allowUnauthorized: true });
  return getMe();
}

export function useSignIn({ mutationConfig }: { mutationConfig?: MutationConfig<typeof signIn> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: signIn,
    onSuccess: (me, ...args) => {
      queryClient.setQueryData(getMeQueryOptions().queryKey, me);
      return onSuccess?.(me, ...args);
    },
  });
}

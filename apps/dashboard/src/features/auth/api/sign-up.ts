import type { MeResponse, SignupRequest } from '@cutover/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getMe, getMeQueryOptions } from './get-me';

/** POST /api/auth/signup creates the partner and its first user, and signs in. */
export async function signUp(input: SignupRequest): Promise<MeResponse | null> {
  await api.post('/auth/signup', input, { allowUnauthorized: true });
  return getMe();
}

export function useSignUp({ mutationConfig }: { mutationConfig?: MutationConfig<typeof signUp> } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = mutationConfig ?? {};
  return useMutation({
    ...rest,
    mutationFn: signUp,
    onSuccess: (me, ...args) => {
      queryClient.setQueryData(getMeQueryOptions().queryKey, me);
      return onSuccess?.(me, ...args);
    },
  });
}

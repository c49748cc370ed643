import { QueryClient, type DefaultOptions, type UseMutationOptions } from '@tanstack/react-query';
import { isApiError } from './api-client';

/** How often live views (device list, counts, the open device) refresh themselves. */
export const LIVE_REFRESH_MS = 5_000;

export const queryConfig = {
  queries: {
    refetchOnWindowFocus: true,
    staleTime: 2_000,
    // a 4xx will not get better by asking again; network blips and 5xx get two more tries
    retry: (failureCount, error) => failureCount < 2 && !(isApiError(error) && error.status < 500),
  },
  mutations: { retry: false },
} satisfies DefaultOptions;

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: queryConfig });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiFnReturnType<FnType extends (...args: any) => Promise<any>> = Awaited<ReturnType<FnType>>;

/** Extra options a caller may pass to a feature's useX hook (everything but the key and the fetcher). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryConfig<T extends (...args: any[]) => any> = Omit<ReturnType<T>, 'queryKey' | 'queryFn'>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MutationConfig<MutationFnType extends (...args: any) => Promise<any>> = UseMutationOptions<
  ApiFnReturnType<MutationFnType>,
  Error,
  Parameters<MutationFnType>[0]
>;

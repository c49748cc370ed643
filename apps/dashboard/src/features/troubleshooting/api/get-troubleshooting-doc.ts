import { queryOptions, useQuery } from '@tanstack/react-query';
import type { QueryConfig } from '../../../lib/react-query';
import { loadTroubleshootingDoc } from './troubleshooting-docs';

export function getTroubleshootingDoc(code: string): Promise<string | null> {
  return loadTroubleshootingDoc(code);
}

export function getTroubleshootingDocQueryOptions(code: string) {
  return queryOptions({
    queryKey: ['troubleshooting', code],
    queryFn: () => getTroubleshootingDoc(code),
    staleTime: Infinity,
  });
}

export function useTroubleshootingDoc({
  code,
  queryConfig,
}: {
  code: string;
  queryConfig?: QueryConfig<typeof getTroubleshootingDocQueryOptions>;
}) {
  return useQuery({ ...getTroubleshootingDocQueryOptions(code), ...queryConfig });
}

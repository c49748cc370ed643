import {
  DEVICE_PAGE_LIMIT_DEFAULT,
  DEVICE_STATUSES,
  type DeviceFilter,
  type DeviceStatus,
} from '@cutover/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZES = [50, 100, 250, 500] as const;

/** The Devices tab's view from the URL (?status=a,b&hasError=true&q=pc-&limit=100): a view can be shared by link. */
export function parseDeviceFilter(params: URLSearchParams): DeviceFilter {
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is DeviceStatus => (DEVICE_STATUSES as readonly string[]).includes(s));
  const q = params.get('q')?.trim() ?? '';
  const filter: DeviceFilter = {};
  if (status.length > 0) filter.status = DEVICE_STATUSES.filter((s) => status.includes(s)); // canonical order: one key per view
  if (q !== '') filter.q = q;
  if (params.get('hasError') === 'true') filter.hasError = true;
  return filter;
}

export function filterToParams(filter: DeviceFilter, into: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(into);
  for (const key of ['status', 'q', 'hasError']) next.delete(key);
  if (filter.status && filter.status.length > 0) next.set('status', filter.status.join(','));
  if (filter.q && filter.q.trim() !== '') next.set('q', filter.q.trim());
  if (filter.hasError) next.set('hasError', 'true');
  return next;
}

export function isFiltered(filter: DeviceFilter): boolean {
  return (filter.status?.length ?? 0) > 0 || !!filter.q || !!filter.hasError;
}

/** Stable identity of a filter, for resetting paging and selection when the view changes. */
export function filterKey(filter: DeviceFilter): string {
  return JSON.stringify([filter.status ?? [], filter.q ?? '', !!filter.hasError]);
}

export function useDeviceFilter() {
  const [params, setParams] = useSearchParams();
  const raw = `${params.get('status')}|${params.get('q')}|${params.get('hasError')}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filter = useMemo(() => parseDeviceFilter(params), [raw]);
  const limitParam = Number(params.get('limit'));
  const limit = (PAGE_SIZES as readonly number[]).includes(limitParam)
    ? limitParam
    : DEVICE_PAGE_LIMIT_DEFAULT;
  const deviceId = params.get('device');

  const setFilter = useCallback(
    (next: DeviceFilter, { replace = false }: { replace?: boolean } = {}) => {
      setParams((current) => filterToParams(next, current), { replace });
    },
    [setParams],
  );
  const setParam = useCallback(
    (key: string, value: string | null, replace = false) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === null) next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace },
      );
    },
    [setParams],
  );
  return {
    filter,
    setFilter,
    limit,
    setLimit: (value: number) =>
      setParam('limit', value === DEVICE_PAGE_LIMIT_DEFAULT ? null : String(value), true),
    deviceId,
    openDevice: (id: string) => setParam('device', id),
    closeDevice: () => setParam('device', null),
  };
}

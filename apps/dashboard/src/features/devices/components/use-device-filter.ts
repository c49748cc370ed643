import {
  DEVICE_PAGE_LIMIT_DEFAULT,
  DEVICE_SORT_DEFAULT,
  DEVICE_SORTS,
  DEVICE_STATUSES,
  type DeviceSort,
  type DeviceStatus,
} from '@cutover/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DeviceListFilter } from '../api/get-devices';

export const PAGE_SIZES = [50, 100, 250, 500] as const;

const FILTER_PARAMS = ['status', 'q', 'hasError', 'errorCode', 'alert', 'online'] as const;
// error and alert codes are SCREAMING_SNAKE (D6); anything else in the URL is ignored rather than sent
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The Devices tab's view from the URL (?status=a,b&hasError=true&q=pc-&errorCode=X,Y&alert=Z&online=false&limit=100,
 * and &sort=status, parseDeviceSort):
 * a view can be shared by link, and other tabs (cutover night, morning report) link to a filtered list.
 */
export function parseDeviceFilter(params: URLSearchParams): DeviceListFilter {
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is DeviceStatus => (DEVICE_STATUSES as readonly string[]).includes(s));
  const q = params.get('q')?.trim() ?? '';
  const errorCode = [
    ...new Set(
      (params.get('errorCode') ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => CODE.test(c)),
    ),
  ].sort(); // canonical order: one key per view
  const alert = params.get('alert')?.trim() ?? '';
  const online = params.get('online');
  const filter: DeviceListFilter = {};
  if (status.length > 0) filter.status = DEVICE_STATUSES.filter((s) => status.includes(s)); // canonical order: one key per view
  if (q !== '') filter.q = q;
  if (params.get('hasError') === 'true') filter.hasError = true;
  if (errorCode.length > 0) filter.errorCode = errorCode;
  if (CODE.test(alert)) filter.alert = alert;
  if (online === 'true' || online === 'false') filter.online = online === 'true';
  return filter;
}

export function filterToParams(filter: DeviceListFilter, into: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(into);
  for (const key of FILTER_PARAMS) next.delete(key);
  if (filter.status && filter.status.length > 0) next.set('status', filter.status.join(','));
  if (filter.q && filter.q.trim() !== '') next.set('q', filter.q.trim());
  if (filter.hasError) next.set('hasError', 'true');
  if (filter.errorCode && filter.errorCode.length > 0) next.set('errorCode', filter.errorCode.join(','));
  if (filter.alert) next.set('alert', filter.alert);
  if (filter.online !== undefined) next.set('online', String(filter.online));
  return next;
}

/** The list's order from the URL (?sort=-lastSeenAt); anything else is the default, hostname. */
export function parseDeviceSort(params: URLSearchParams): DeviceSort {
  const sort = params.get('sort');
  return (DEVICE_SORTS as readonly (string | null)[]).includes(sort)
    ? (sort as DeviceSort)
    : DEVICE_SORT_DEFAULT;
}

/** The Devices tab's query string for a filter ("?alert=DISK_SPACE_LOW"), for links from other tabs. */
export function deviceFilterSearch(filter: DeviceListFilter): string {
  const text = filterToParams(filter, new URLSearchParams()).toString();
  return text === '' ? '' : `?${text}`;
}

export function isFiltered(filter: DeviceListFilter): boolean {
  return (
    (filter.status?.length ?? 0) > 0 ||
    !!filter.q ||
    !!filter.hasError ||
    (filter.errorCode?.length ?? 0) > 0 ||
    !!filter.alert ||
    filter.online !== undefined
  );
}

/** Stable identity of a filter, for resetting paging and selection when the view changes. */
export function filterKey(filter: DeviceListFilter): string {
  return JSON.stringify([
    filter.status ?? [],
    filter.q ?? '',
    !!filter.hasError,
    filter.errorCode ?? [],
    filter.alert ?? '',
    filter.online ?? null,
  ]);
}

export function useDeviceFilter() {
  const [params, setParams] = useSearchParams();
  const raw = FILTER_PARAMS.map((key) => params.get(key)).join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filter = useMemo(() => parseDeviceFilter(params), [raw]);
  const limitParam = Number(params.get('limit'));
  const limit = (PAGE_SIZES as readonly number[]).includes(limitParam)
    ? limitParam
    : DEVICE_PAGE_LIMIT_DEFAULT;
  const deviceId = params.get('device');
  const sort = parseDeviceSort(params);

  const setFilter = useCallback(
    (next: DeviceListFilter, { replace = false }: { replace?: boolean } = {}) => {
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
    sort,
    /** A new order is a new view in the history (Back returns to the previous one), like a new filter. */
    setSort: (value: DeviceSort) => setParam('sort', value === DEVICE_SORT_DEFAULT ? null : value),
    deviceId,
    openDevice: (id: string) => setParam('device', id),
    closeDevice: () => setParam('device', null),
  };
}

import {
  DEVICE_PAGE_LIMIT_DEFAULT,
  DEVICE_SORT_DEFAULT,
  type Device,
  type DeviceFilter,
  type DeviceSort,
  type Page,
} from '@cutover/domain';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

export interface DevicesPageParams {
  cursor?: string | null;
  limit?: number;
  /** The list's order (v1.1 `sort=`); a cursor only continues the sort it came with. */
  sort?: DeviceSort;
}

/**
 * The device list's filter, with the v1.1 list parameters (partner-api.md "Added in v1.1"): `errorCode` (one or
 * more error codes), `alert` (an alert code), `online` (D2), now part of the shared DeviceFilter.
 */
export type DeviceListFilter = DeviceFilter;

/** The wire form of a DeviceListFilter: lists comma-separated, booleans "true"/"false"; shared with the CSV link. */
export function deviceFilterQuery(filter: DeviceListFilter): Record<string, string | undefined> {
  return {
    status: filter.status && filter.status.length > 0 ? filter.status.join(',') : undefined,
    q: filter.q?.trim() || undefined,
    hasError: filter.hasError ? 'true' : undefined,
    errorCode: filter.errorCode && filter.errorCode.length > 0 ? filter.errorCode.join(',') : undefined,
    alert: filter.alert || undefined,
    online: filter.online === undefined ? undefined : String(filter.online),
  };
}

/** GET /api/migrations/{id}/devices: one keyset page in `sort` order (hostname by default), with the total that matches. */
export function getDevices({
  migrationId,
  filter,
  cursor,
  limit = DEVICE_PAGE_LIMIT_DEFAULT,
  sort = DEVICE_SORT_DEFAULT,
  signal,
}: { migrationId: string; filter: DeviceListFilter; signal?: AbortSignal } & DevicesPageParams): Promise<
  Page<Device>
> {
  return api.get<Page<Device>>(`/migrations/${encodeURIComponent(migrationId)}/devices`, {
    query: {
      ...deviceFilterQuery(filter),
      limit,
      sort: sort === DEVICE_SORT_DEFAULT ? undefined : sort,
      cursor: cursor ?? undefined,
    },
    signal,
  });
}

/** Key ['devices', migrationId, filter, page]; without a filter it is the prefix of every device list of the migration. */
export function getDevicesQueryOptions({
  migrationId,
  filter,
  cursor = null,
  limit = DEVICE_PAGE_LIMIT_DEFAULT,
  sort = DEVICE_SORT_DEFAULT,
}: { migrationId: string; filter?: DeviceListFilter } & DevicesPageParams) {
  return queryOptions({
    queryKey: filter ? ['devices', migrationId, filter, { cursor, limit, sort }] : ['devices', migrationId],
    queryFn: ({ signal }) => getDevices({ migrationId, filter: filter ?? {}, cursor, limit, sort, signal }),
  });
}

/**
 * The live device list: refetched every few seconds, and the previous page stays on screen while a new filter or
 * page loads, so rows, selection and scroll position never jump.
 */
export function useDevices({
  migrationId,
  filter,
  cursor,
  limit,
  sort,
  queryConfig,
}: {
  migrationId: string;
  filter: DeviceListFilter;
  queryConfig?: QueryConfig<typeof getDevicesQueryOptions>;
} & DevicesPageParams) {
  return useQuery({
    ...getDevicesQueryOptions({ migrationId, filter, cursor, limit, sort }),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_REFRESH_MS,
    ...queryConfig,
  });
}

import type { DeviceDetail } from '@cutover/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { LIVE_REFRESH_MS, type QueryConfig } from '../../../lib/react-query';

/** GET /api/devices/{id}: the device and its timeline, newest first. */
export function getDevice(deviceId: string): Promise<DeviceDetail> {
  return api.get<DeviceDetail>(`/devices/${encodeURIComponent(deviceId)}`);
}

export function getDeviceQueryOptions(deviceId?: string) {
  return queryOptions({
    queryKey: deviceId ? ['device', deviceId] : ['device'],
    queryFn: () => getDevice(deviceId!),
    enabled: deviceId !== undefined,
  });
}

export function useDevice({
  deviceId,
  queryConfig,
}: {
  deviceId: string;
  queryConfig?: QueryConfig<typeof getDeviceQueryOptions>;
}) {
  return useQuery({ ...getDeviceQueryOptions(deviceId), refetchInterval: LIVE_REFRESH_MS, ...queryConfig });
}

import type { BulkActionRequest, BulkAction } from '@cutover/domain';
import type { DeviceListFilter } from '../api/get-devices';
import { useCallback, useState } from 'react';

/**
 * What the partner has ticked: some devices by id (across pages), or "all N matching" the current filter, which is
 * sent to the API as that filter rather than as ids. The selection belongs to one view: a new filter starts afresh.
 */
export type DeviceSelection = { kind: 'ids'; ids: ReadonlyMap<string, string> } | { kind: 'allMatching' };

const EMPTY: DeviceSelection = { kind: 'ids', ids: new Map() };

export interface SelectableDevice {
  id: string;
  hostname: string;
}

export function useDeviceSelection(viewKey: string) {
  const [state, setState] = useState<{ viewKey: string; selection: DeviceSelection }>({
    viewKey,
    selection: EMPTY,
  });
  // a different filter means a different set of devices: drop the selection (derived during render, no effect)
  const selection = state.viewKey === viewKey ? state.selection : EMPTY;
  const set = useCallback((next: DeviceSelection) => setState({ viewKey, selection: next }), [viewKey]);

  const isSelected = (id: string) => selection.kind === 'allMatching' || selection.ids.has(id);

  const toggle = (device: SelectableDevice, pageDevices: readonly SelectableDevice[]) => {
    if (selection.kind === 'allMatching') {
      // leaving "all matching": keep the visible page ticked except this one
      set({
        kind: 'ids',
        ids: new Map(pageDevices.filter((d) => d.id !== device.id).map((d) => [d.id, d.hostname])),
      });
      return;
    }
    const ids = new Map(selection.ids);
    if (ids.has(device.id)) ids.delete(device.id);
    else ids.set(device.id, device.hostname);
    set({ kind: 'ids', ids });
  };

  const setMany = (devices: readonly SelectableDevice[], selected: boolean) => {
    const ids = new Map(selection.kind === 'ids' ? selection.ids : []);
    for (const d of devices) {
      if (selected) ids.set(d.id, d.hostname);
      else ids.delete(d.id);
    }
    set({ kind: 'ids', ids });
  };

  const count = (total: number) => (selection.kind === 'allMatching' ? total : selection.ids.size);

  return {
    selection,
    isSelected,
    toggle,
    setMany,
    selectAllMatching: () => set({ kind: 'allMatching' }),
    clear: () => set(EMPTY),
    count,
    hostnameOf: (id: string) => (selection.kind === 'ids' ? selection.ids.get(id) : undefined),
  };
}

/** The bulk request for a selection: the ids, or the very filter that produced the list (D5, "select all matching"). */
export function toBulkRequest(
  action: BulkAction,
  selection: DeviceSelection,
  filter: DeviceListFilter,
): BulkActionRequest {
  if (selection.kind === 'allMatching') return { action, filter };
  return { action, deviceIds: [...selection.ids.keys()] };
}

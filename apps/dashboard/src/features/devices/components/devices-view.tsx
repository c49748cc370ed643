import { type BulkActionResponse, DEFAULT_POLL_INTERVAL_SECONDS, type Device } from '@cutover/domain';
import { useState } from 'react';
import { Button, buttonClassName } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icon';
import { errorMessage } from '../../../lib/api-client';
import { exportDevicesCsvUrl } from '../api/export-devices-csv';
import { useDevices } from '../api/get-devices';
import { DeviceDrawer } from './device-drawer';
import { DeviceFilters, type StatusCounts } from './device-filters';
import { DevicesActionsPanel } from './devices-actions-panel';
import { DevicesPager } from './devices-pager';
import { DevicesTable } from './devices-table';
import { LiveIndicator } from './live-indicator';
import { SelectionBanner } from './selection-banner';
import { filterKey, isFiltered, useDeviceFilter } from './use-device-filter';
import { toBulkRequest, useDeviceSelection } from './use-device-selection';

/**
 * The Devices tab: one DeviceFilter from the URL feeds the list, its total, the CSV link and "select all matching";
 * the list refreshes every 5 s without touching the selection or the scroll position.
 */
export function DevicesView({
  migrationId,
  counts,
  pollIntervalSeconds = DEFAULT_POLL_INTERVAL_SECONDS,
  onActionDone,
}: {
  migrationId: string;
  counts: StatusCounts;
  /** D2: the migration's poll interval, for the action preview's pickup estimate. */
  pollIntervalSeconds?: number;
  onActionDone?: (result: BulkActionResponse) => void;
}) {
  const { filter, setFilter, limit, setLimit, sort, setSort, deviceId, openDevice, closeDevice } =
    useDeviceFilter();
  const viewKey = filterKey(filter);

  // keyset paging: the cursors that led to each page seen so far, reset when the view or the order changes
  // (a cursor only continues the sort it was returned for)
  const pagingKey = `${viewKey}|${limit}|${sort}`;
  const [paging, setPaging] = useState<{ key: string; cursors: Array<string | null> }>({
    key: pagingKey,
    cursors: [null],
  });
  const cursors = paging.key === pagingKey ? paging.cursors : [null];
  const page = cursors.length - 1;

  const list = useDevices({ migrationId, filter, cursor: cursors[page], limit, sort });
  const devices: Device[] = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const selection = useDeviceSelection(viewKey);
  const selectedCount = selection.count(total);
  const pageFullySelected = devices.length > 0 && devices.every((d) => selection.isSelected(d.id));
  const [panelOpen, setPanelOpen] = useState(false);

  const hostnameOf = (id: string) => selection.hostnameOf(id) ?? devices.find((d) => d.id === id)?.hostname;
  const selectedHostnames =
    selection.selection.kind === 'ids'
      ? [...selection.selection.ids.values()]
      : devices.map((d) => d.hostname);
  const drawerHostname = deviceId ? devices.find((d) => d.id === deviceId)?.hostname : undefined;

  return (
    <div>
      <DeviceFilters
        filter={filter}
        counts={counts}
        onChange={(next, options) => setFilter(next, options)}
        trailing={
          <>
            <LiveIndicator updatedAt={list.dataUpdatedAt} failing={list.isError && list.data !== undefined} />
            <a
              href={exportDevicesCsvUrl(migrationId, filter)}
              className={buttonClassName({ variant: 'secondary' })}
              download
            >
              <Icon name="download" size={16} />
              Export CSV
            </a>
            <Button
              variant="primary"
              iconRight="chevronDown"
              disabled={selectedCount === 0}
              title={selectedCount === 0 ? 'Select devices first' : undefined}
              onClick={() => setPanelOpen(true)}
            >
              Actions
            </Button>
          </>
        }
      />
      <SelectionBanner
        selection={selection.selection}
        selectedCount={selectedCount}
        pageCount={devices.length}
        pageFullySelected={pageFullySelected}
        total={total}
        onSelectAllMatching={selection.selectAllMatching}
        onClear={selection.clear}
      />
      {list.isError && list.data === undefined ? (
        <Callout tone="danger" title="Devices could not be loaded" role="alert">
          <p>{errorMessage(list.error)}</p>
          <div style={{ marginTop: 8 }}>
            <Button size="sm" icon="refresh" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </div>
        </Callout>
      ) : (
        <DevicesTable
          devices={devices}
          isSelected={selection.isSelected}
          onToggle={(device) => selection.toggle(device, devices)}
          onSetMany={selection.setMany}
          openDevice={openDevice}
          loading={list.isPending}
          scrollResetKey={`${pagingKey}|${page}`}
          refreshing={list.isPlaceholderData}
          sort={sort}
          onSortChange={setSort}
          empty={
            isFiltered(filter) ? (
              <EmptyState
                icon="filter"
                title="No devices match these filters"
                action={
                  <Button icon="x" onClick={() => setFilter({})}>
                    Clear filters
                  </Button>
                }
              >
                Try another status, or search by the start of a hostname, Windows user or email.
              </EmptyState>
            ) : (
              <EmptyState icon="laptop" title="No devices have enrolled yet">
                Install the agent with this migration&rsquo;s enrollment key (see Overview); PCs appear here
                within a couple of minutes.
              </EmptyState>
            )
          }
          footer={
            <DevicesPager
              page={page}
              limit={limit}
              shown={devices.length}
              total={total}
              hasNext={!!list.data?.nextCursor && !list.isPlaceholderData}
              onPrevious={() => setPaging({ key: pagingKey, cursors: cursors.slice(0, -1) })}
              onNext={() =>
                setPaging({ key: pagingKey, cursors: [...cursors, list.data?.nextCursor ?? null] })
              }
              onLimitChange={setLimit}
            />
          }
        />
      )}
      {panelOpen && (
        <DevicesActionsPanel
          migrationId={migrationId}
          count={selectedCount}
          requestFor={(action) => toBulkRequest(action, selection.selection, filter)}
          hostnames={selectedHostnames}
          hostnameOf={hostnameOf}
          pollIntervalSeconds={pollIntervalSeconds}
          onClose={() => setPanelOpen(false)}
          onDone={(result) => {
            setPanelOpen(false);
            selection.clear();
            onActionDone?.(result);
          }}
        />
      )}
      {deviceId && (
        <DeviceDrawer
          deviceId={deviceId}
          migrationId={migrationId}
          hostname={drawerHostname}
          onClose={closeDevice}
        />
      )}
    </div>
  );
}

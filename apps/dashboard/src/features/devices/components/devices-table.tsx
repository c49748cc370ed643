import { type Device, DEVICE_SORT_DEFAULT, type DeviceSort } from '@cutover/domain';
import { useEffect, useRef, type ReactNode } from 'react';
import { Checkbox } from '../../../components/ui/checkbox';
import { Skeleton } from '../../../components/ui/spinner';
import { useNow } from '../../../lib/use-now';
import { deviceColumns } from './devices-table-columns';
import styles from './devices.module.css';
import { SortableHeader } from './sortable-header';

export interface DevicesTableProps {
  devices: Device[];
  isSelected: (deviceId: string) => boolean;
  onToggle: (device: Device) => void;
  /** Ticks or unticks several rows at once (header box, Shift+click ranges). */
  onSetMany: (devices: Device[], selected: boolean) => void;
  openDevice: (deviceId: string) => void;
  loading?: boolean;
  refreshing?: boolean;
  empty?: ReactNode;
  footer?: ReactNode;
  /** Changes when a new page or view is shown: scroll back to the top then (and only then). */
  scrollResetKey?: string;
  /** The list's order; with onSortChange, the sortable columns' headers are buttons that change it. */
  sort?: DeviceSort;
  onSortChange?: (sort: DeviceSort) => void;
}

/**
 * The device table: one keyset page at a time, so 100 000 devices cost no more than 50. The scroll box and the rows
 * stay mounted across the 5-second refreshes, which keeps the scroll position and the ticked boxes where they were.
 */
export function DevicesTable({
  devices,
  isSelected,
  onToggle,
  onSetMany,
  openDevice,
  loading = false,
  refreshing = false,
  empty,
  footer,
  scrollResetKey,
  sort = DEVICE_SORT_DEFAULT,
  onSortChange,
}: DevicesTableProps) {
  const now = useNow(15_000);
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    scroller.current?.scrollTo?.({ top: 0 });
  }, [scrollResetKey]);
  const lastClicked = useRef<number | null>(null);
  const selectedOnPage = devices.filter((d) => isSelected(d.id)).length;
  const allOnPage = devices.length > 0 && selectedOnPage === devices.length;

  const onRowBox = (device: Device, index: number, shiftKey: boolean) => {
    const anchor = lastClicked.current;
    lastClicked.current = index;
    if (shiftKey && anchor !== null && anchor !== index) {
      const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
      onSetMany(devices.slice(from, to + 1), !isSelected(device.id));
      return;
    }
    onToggle(device);
  };

  return (
    <div className={styles.tableFrame}>
      {refreshing && <div className={styles.refreshing} aria-hidden="true" />}
      <div ref={scroller} className={styles.scroller} data-testid="devices-scroller">
        <table className={styles.table} aria-label="Devices" aria-busy={loading || undefined}>
          <colgroup>
            <col className={styles.checkCol} />
            {deviceColumns.map((column) => (
              <col key={column.id} style={column.width ? { width: column.width } : undefined} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className={styles.checkCell}>
                <Checkbox
                  aria-label="Select all"
                  title="Select all devices on this page"
                  checked={allOnPage}
                  indeterminate={selectedOnPage > 0 && !allOnPage}
                  disabled={devices.length === 0}
                  onChange={() => onSetMany(devices, !allOnPage)}
                />
              </th>
              {deviceColumns.map((column) =>
                column.sort && onSortChange ? (
                  <SortableHeader
                    key={column.id}
                    column={{ ...column, sort: column.sort }}
                    sort={sort}
                    onSortChange={onSortChange}
                  />
                ) : (
                  <th key={column.id} scope="col">
                    {column.header}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {loading && devices.length === 0
              ? Array.from({ length: 8 }, (_, i) => (
                  <tr key={`s${i}`} className={styles.skeletonRow}>
                    <td className={styles.checkCell}>
                      <Skeleton width={16} height={16} />
                    </td>
                    {deviceColumns.map((column) => (
                      <td key={column.id}>
                        <Skeleton width={`${50 + ((i * 13 + column.id.length * 7) % 40)}%`} />
                      </td>
                    ))}
                  </tr>
                ))
              : devices.map((device, index) => {
                  const selected = isSelected(device.id);
                  return (
                    <tr key={device.id} data-selected={selected || undefined}>
                      <td className={styles.checkCell}>
                        <Checkbox
                          aria-label={`Select ${device.hostname}`}
                          checked={selected}
                          onChange={(event) =>
                            onRowBox(
                              device,
                              index,
                              'shiftKey' in event.nativeEvent && (event.nativeEvent as MouseEvent).shiftKey,
                            )
                          }
                        />
                      </td>
                      {deviceColumns.map((column) => (
                        <td key={column.id} className={column.className}>
                          {column.cell(device, { now, openDevice })}
                        </td>
                      ))}
                    </tr>
                  );
                })}
          </tbody>
        </table>
        {!loading && devices.length === 0 && empty}
      </div>
      {footer}
    </div>
  );
}

import type { DeviceSort } from '@cutover/domain';
import { cx } from '../../../components/ui/cx';
import { Icon } from '../../../components/ui/icon';
import type { DeviceColumn } from './devices-table-columns';
import styles from './devices.module.css';

type ColumnSort = NonNullable<DeviceColumn['sort']>;

/** The column's direction in `sort`, as aria-sort says it; undefined when the list is in another column's order. */
export function ariaSortOf(column: ColumnSort, sort: DeviceSort): 'ascending' | 'descending' | undefined {
  if (sort === column.ascending) return 'ascending';
  if (sort === column.descending) return 'descending';
  return undefined;
}

/** A click on a header: ascending first, and then the other way when the column has one. */
export function nextSort(column: ColumnSort, sort: DeviceSort): DeviceSort {
  return sort === column.ascending && column.descending ? column.descending : column.ascending;
}

/** A sortable column's <th>: the header is a button, and aria-sort says the order the list is in. */
export function SortableHeader({
  column,
  sort,
  onSortChange,
}: {
  column: DeviceColumn & { sort: ColumnSort };
  sort: DeviceSort;
  onSortChange: (sort: DeviceSort) => void;
}) {
  const direction = ariaSortOf(column.sort, sort);
  return (
    <th scope="col" aria-sort={direction}>
      <button
        type="button"
        className={cx(styles.sortButton, direction && styles.sorted)}
        onClick={() => onSortChange(nextSort(column.sort, sort))}
      >
        {column.header}
        <Icon
          name="chevronDown"
          size={12}
          className={cx(styles.sortIcon, direction === 'ascending' && styles.sortIconUp)}
        />
      </button>
    </th>
  );
}

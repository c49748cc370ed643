import { Button } from '../../../components/ui/button';
import { formatNumber } from '../../../lib/format';
import styles from './devices.module.css';
import { PAGE_SIZES } from './use-device-filter';

/** Keyset paging: previous/next by cursor, page size, and where we are in the total. */
export function DevicesPager({
  page,
  limit,
  shown,
  total,
  hasNext,
  onPrevious,
  onNext,
  onLimitChange,
}: {
  page: number;
  limit: number;
  shown: number;
  total: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onLimitChange: (limit: number) => void;
}) {
  const from = shown === 0 ? 0 : page * limit + 1;
  const to = page * limit + shown;
  return (
    <div className={styles.footer}>
      <label className={styles.pageSize}>
        Rows per page
        <select value={limit} onChange={(e) => onLimitChange(Number(e.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className={styles.pager}>
        <span className={styles.range} aria-live="polite">
          {shown === 0 ? 'No devices' : `${formatNumber(from)}–${formatNumber(to)} of ${formatNumber(total)}`}
        </span>
        <Button
          size="sm"
          variant="secondary"
          icon="chevronLeft"
          aria-label="Previous page"
          disabled={page === 0}
          onClick={onPrevious}
        />
        <Button
          size="sm"
          variant="secondary"
          icon="chevronRight"
          aria-label="Next page"
          disabled={!hasNext}
          onClick={onNext}
        />
      </div>
    </div>
  );
}

import { formatNumber, pluralize } from '../../../lib/format';
import styles from './devices.module.css';
import type { DeviceSelection } from './use-device-selection';

/** "3 devices selected", and the offer to widen the selection to every device matching the filter. */
export function SelectionBanner({
  selection,
  selectedCount,
  pageCount,
  pageFullySelected,
  total,
  onSelectAllMatching,
  onClear,
}: {
  selection: DeviceSelection;
  selectedCount: number;
  pageCount: number;
  pageFullySelected: boolean;
  total: number;
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  if (selectedCount === 0) return null;
  const allMatching = selection.kind === 'allMatching';
  return (
    <div className={styles.selectionBar} role="region" aria-label="Selection">
      <span className={styles.selectionCount} aria-live="polite">
        {allMatching
          ? `All ${pluralize(total, 'matching device')} are selected.`
          : pageFullySelected && selectedCount === pageCount
            ? `All ${pluralize(pageCount, 'device')} on this page are selected.`
            : `${pluralize(selectedCount, 'device')} selected.`}
      </span>
      {!allMatching && total > selectedCount && (
        <button type="button" className={styles.linkButton} onClick={onSelectAllMatching}>
          {`Select all ${formatNumber(total)} matching devices`}
        </button>
      )}
      <button type="button" className={styles.linkButton} onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}

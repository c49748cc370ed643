import { DEVICE_STATUS_LABELS, DEVICE_STATUSES, type DeviceStatus } from '@cutover/domain';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../../components/ui/button';
import { Chip } from '../../../components/ui/chip';
import { SearchInput } from '../../../components/ui/text-field';
import type { DeviceListFilter } from '../api/get-devices';
import { isFiltered } from './use-device-filter';
import styles from './devices.module.css';

export type StatusCounts = Partial<Record<DeviceStatus, number>>;

const SEARCH_DEBOUNCE_MS = 300;

/** Search box that writes to the filter a moment after typing stops, and follows the URL when it changes elsewhere. */
function DeviceSearch({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    // the URL changed under us (Clear filters, back button): show it
    setSynced(value);
    setText(value);
  }
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChangeRef.current(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <SearchInput
      className={styles.search}
      label="Search devices"
      placeholder="Search hostname, user or email"
      value={text}
      onValueChange={setText}
    />
  );
}

/**
 * The filters other tabs link to (cutover night, morning report): error code, alert and online. Shown only while
 * set, each a pressed chip that a click removes, so a linked view says what it is filtered by.
 */
function LinkedFilterChips({
  filter,
  onChange,
}: {
  filter: DeviceListFilter;
  onChange: (filter: DeviceListFilter) => void;
}) {
  return (
    <>
      {(filter.errorCode ?? []).map((code) => (
        <Chip
          key={`error-${code}`}
          pressed
          label={`Error ${code} (remove filter)`}
          onPressedChange={() =>
            onChange({ ...filter, errorCode: filter.errorCode?.filter((c) => c !== code) })
          }
        >
          Error: <code>{code}</code>
        </Chip>
      ))}
      {filter.alert && (
        <Chip
          pressed
          label={`Alert ${filter.alert} (remove filter)`}
          onPressedChange={() => onChange({ ...filter, alert: undefined })}
        >
          Alert: <code>{filter.alert}</code>
        </Chip>
      )}
      {filter.online !== undefined && (
        <Chip pressed onPressedChange={() => onChange({ ...filter, online: undefined })}>
          {filter.online ? 'Online' : 'Offline'}
        </Chip>
      )}
    </>
  );
}

/**
 * Status chips with their counts, "Has error" and search: together one DeviceFilter. Statuses with no devices are
 * left out unless selected, so the row stays short.
 */
export function DeviceFilters({
  filter,
  onChange,
  counts,
  trailing,
}: {
  filter: DeviceListFilter;
  onChange: (filter: DeviceListFilter, options?: { replace?: boolean }) => void;
  counts: StatusCounts;
  /** Controls at the end of the search row (live state, export, Actions). */
  trailing?: ReactNode;
}) {
  const selected = filter.status ?? [];
  const total = DEVICE_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const shown = DEVICE_STATUSES.filter((s) => (counts[s] ?? 0) > 0 || selected.includes(s));
  const toggleStatus = (status: DeviceStatus, on: boolean) => {
    const next = on ? [...selected, status] : selected.filter((s) => s !== status);
    onChange({ ...filter, status: DEVICE_STATUSES.filter((s) => next.includes(s)) });
  };
  return (
    <div className={styles.toolbar}>
      <div className={styles.chips} role="group" aria-label="Filter by status">
        <Chip
          pressed={selected.length === 0}
          onPressedChange={() => onChange({ ...filter, status: [] })}
          count={total}
        >
          All statuses
        </Chip>
        {shown.map((status) => (
          <Chip
            key={status}
            status={status}
            pressed={selected.includes(status)}
            onPressedChange={(on) => toggleStatus(status, on)}
            count={counts[status] ?? 0}
          >
            {DEVICE_STATUS_LABELS[status]}
          </Chip>
        ))}
      </div>
      <div className={styles.controls}>
        <DeviceSearch
          value={filter.q ?? ''}
          onChange={(q) => onChange({ ...filter, q }, { replace: true })}
        />
        <Chip pressed={!!filter.hasError} onPressedChange={(on) => onChange({ ...filter, hasError: on })}>
          Has error
        </Chip>
        <LinkedFilterChips filter={filter} onChange={onChange} />
        {isFiltered(filter) && (
          <Button variant="ghost" size="sm" icon="x" onClick={() => onChange({})}>
            Clear filters
          </Button>
        )}
        <div className={styles.spacer} />
        {trailing}
      </div>
    </div>
  );
}

import { DEVICE_STATUS_LABELS, type DeviceStatus } from '@cutover/domain';
import styles from './badge.module.css';
import { cx } from './cx';

export function statusLabel(status: DeviceStatus | string): string {
  return (DEVICE_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** The device status as a coloured pill; the colour comes from the status token in tokens.css. */
export function StatusBadge({ status, className }: { status: DeviceStatus | string; className?: string }) {
  return (
    <span className={cx(styles.badge, styles.status, className)} data-status={status}>
      <span className={styles.dot} aria-hidden="true" />
      {statusLabel(status)}
    </span>
  );
}

/** A status-coloured square (legends, bars). */
export function StatusSwatch({ status, className }: { status: DeviceStatus | string; className?: string }) {
  return <span className={cx(styles.swatch, className)} data-status={status} aria-hidden="true" />;
}

/** For elements that should carry a status colour through the --s custom properties. */
export const statusColorClass = styles.status;

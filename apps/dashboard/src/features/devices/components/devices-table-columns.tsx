import type { Device, DeviceSort } from '@cutover/domain';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { cx } from '../../../components/ui/cx';
import { Icon } from '../../../components/ui/icon';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatFullDateTime, formatRelative } from '../../../lib/format';
import { alertShortLabel, errorTitle, progressStageLabel, progressStageShort } from './device-labels';
import styles from './devices.module.css';

export interface CellContext {
  now: number;
  openDevice: (deviceId: string) => void;
}

export interface DeviceColumn {
  id: string;
  header: string;
  /** Fixed width in px (the table has a fixed layout); the one column without it takes the rest. */
  width?: number;
  className?: string;
  /** The list orders a header click gives (partner API `sort=`): ascending first, then descending if there is one. */
  sort?: { ascending: DeviceSort; descending?: DeviceSort };
  cell: (device: Device, ctx: CellContext) => ReactNode;
}

function ago(iso: string | null, now: number): string {
  return iso ? formatRelative(iso, now) : 'never';
}

/** "19 s", "3 min", "now": the column header already says "last seen". */
function since(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const text = formatRelative(iso, now);
  return text === 'just now' ? 'now' : text.replace(/ ago$/, '').replace(/^in /, '');
}

/** D1: online when a part polled within 3 intervals; both parts' last check-in, the service flagged when it lags. */
function OnlineCell({ device, now }: { device: Device; now: number }) {
  const serviceStale = device.alerts.some((a) => a.code === 'SERVICE_UNREACHABLE');
  return (
    <div className={styles.online}>
      <span className={styles.onlineLabel}>
        <span
          className={cx(styles.dot, device.online && (serviceStale ? styles.dotWarn : styles.dotOnline))}
          aria-hidden="true"
        />
        {device.online
          ? 'Online'
          : device.lastSeenAt
            ? `Offline · ${ago(device.lastSeenAt, now)}`
            : 'Never checked in'}
        {device.locked && <span className={styles.muted}>· locked</span>}
      </span>
      <span className={styles.parts}>
        <span
          title={
            device.clientLastSeenAt
              ? `Client part (the user's) last checked in ${formatFullDateTime(device.clientLastSeenAt)}`
              : 'The client part has never checked in'
          }
        >
          Client {since(device.clientLastSeenAt, now)}
        </span>
        {' · '}
        <span
          className={cx(serviceStale && styles.partStale)}
          title={
            device.serviceLastSeenAt
              ? `Service part (Network Service) last checked in ${formatFullDateTime(device.serviceLastSeenAt)}`
              : 'The service part has never checked in'
          }
        >
          Service {since(device.serviceLastSeenAt, now)}
        </span>
      </span>
    </div>
  );
}

function ErrorCell({ device }: { device: Device }) {
  if (!device.error) return <span className={styles.muted}>—</span>;
  const title = errorTitle(device.error.code);
  return (
    <div className={styles.errorBox}>
      <div className={styles.errorTitle}>
        <Icon name="alertCircle" size={14} />
        <span className={styles.errorTitleText} title={title}>
          {title}
        </span>
      </div>
      <div className={styles.errorDetail}>
        <span className={styles.errorMessage} id={`err-${device.id}`} title={device.error.message}>
          {device.error.message}
        </span>
        <Link
          to={device.error.troubleshootingUrl}
          className={styles.troubleshoot}
          aria-describedby={`err-${device.id}`}
        >
          Troubleshoot
        </Link>
      </div>
    </div>
  );
}

function RetryCell({ device, now }: { device: Device; now: number }) {
  if (device.manualRetryRequired) {
    return (
      <span className={styles.manual}>
        <Icon name="wrench" size={12} />
        Manual retry required
      </span>
    );
  }
  if (device.nextRetryAt) {
    return (
      <span className={styles.retry} title={formatFullDateTime(device.nextRetryAt)}>
        <Icon name="clock" size={13} />
        {formatRelative(device.nextRetryAt, now)}
      </span>
    );
  }
  return <span className={styles.muted}>—</span>;
}

export const deviceColumns: DeviceColumn[] = [
  {
    id: 'hostname',
    header: 'Hostname',
    width: 126,
    sort: { ascending: 'hostname', descending: '-hostname' },
    cell: (device, { openDevice }) => (
      <button
        type="button"
        className={styles.hostname}
        onClick={() => openDevice(device.id)}
        aria-haspopup="dialog"
        title="Show details and history"
      >
        {device.hostname}
      </button>
    ),
  },
  {
    id: 'user',
    header: 'User',
    width: 164,
    cell: (device) => (
      <>
        <span className={styles.user} title={device.userEmail ?? undefined}>
          {device.userEmail ?? device.windowsUser}
        </span>
        {device.userEmail && <span className={styles.sub}>{device.windowsUser}</span>}
      </>
    ),
  },
  {
    id: 'status',
    header: 'Status',
    width: 188,
    sort: { ascending: 'status' },
    cell: (device) => (
      <div className={styles.statusCell}>
        <div className={styles.statusLine}>
          <StatusBadge status={device.status} />
          {device.progress && (
            <span className={styles.stage} title={progressStageLabel(device.progress.stage)}>
              {progressStageShort(device.progress.stage)}
            </span>
          )}
        </div>
        {device.progress && (
          <ProgressBar
            className={styles.progress}
            percent={device.progress.percent}
            status={device.status}
            label={`${device.hostname}: ${progressStageLabel(device.progress.stage)}`}
          />
        )}
      </div>
    ),
  },
  {
    id: 'online',
    header: 'Online / last seen',
    width: 174,
    // oldest check-in (and never seen) first, then most recent first
    sort: { ascending: 'lastSeenAt', descending: '-lastSeenAt' },
    cell: (device, { now }) => <OnlineCell device={device} now={now} />,
  },
  {
    id: 'outlook',
    header: 'Outlook',
    width: 136,
    cell: (device) => {
      const outdated = device.alerts.some(
        (a) => a.code === 'OUTLOOK_OUTDATED' || a.code === 'OUTLOOK_UNSUPPORTED',
      );
      return device.outlookVersion ? (
        <span className={cx(styles.mono, outdated && styles.outdated)}>{device.outlookVersion}</span>
      ) : (
        <span className={styles.muted}>Unknown</span>
      );
    },
  },
  {
    id: 'error',
    header: 'Error',
    className: styles.errorCell,
    cell: (device) => <ErrorCell device={device} />,
  },
  {
    id: 'retry',
    header: 'Next retry',
    width: 140,
    cell: (device, { now }) => <RetryCell device={device} now={now} />,
  },
  {
    id: 'alerts',
    header: 'Alerts',
    width: 150,
    cell: (device) =>
      device.alerts.length === 0 ? (
        <span className={styles.muted}>—</span>
      ) : (
        <div className={styles.alerts}>
          {device.alerts.map((alert) => (
            <span key={alert.code} className={styles.alert} title={alert.message}>
              <Icon name="alert" size={13} />
              <span className={styles.alertText}>{alertShortLabel(alert.code)}</span>
            </span>
          ))}
        </div>
      ),
  },
];

import type { BulkActionResponse, DeviceDetail, DeviceEvent } from '@cutover/domain';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Drawer } from '../../../components/ui/dialog';
import { Icon } from '../../../components/ui/icon';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { RelativeTime } from '../../../components/ui/relative-time';
import { LoadingBlock } from '../../../components/ui/spinner';
import { StatusBadge } from '../../../components/ui/status-badge';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatDateTime, formatFullDateTime } from '../../../lib/format';
import { useDevice } from '../api/get-device';
import { useRunDeviceAction } from '../api/run-device-action';
import { errorTitle, humanize, progressStageLabel } from './device-labels';
import styles from './devices.module.css';

function eventTone(type: string): 'danger' | 'success' | 'info' | 'warning' | undefined {
  if (/fail|error|timeout|expired|unreachable|outdated|unsupported/i.test(type)) return 'danger';
  if (/succeed|success|complete|ready|created|cleared/i.test(type)) return 'success';
  if (/defer|wait|locked|queued_for_bandwidth|alert/i.test(type)) return 'warning';
  if (/partner|manual|retry|queued|deliver|progress|switch/i.test(type)) return 'info';
  return undefined;
}

function Timeline({ events }: { events: DeviceEvent[] }) {
  if (events.length === 0) return <p className={styles.muted}>No events yet.</p>;
  return (
    <ol className={styles.timeline} aria-label="Device history">
      {events.map((event, index) => (
        <li key={`${event.at}-${index}`} className={styles.event}>
          <span className={styles.eventDot} data-tone={eventTone(event.type)} aria-hidden="true" />
          <div>
            <div className={styles.eventType}>{humanize(event.type)}</div>
            {event.detail && <div className={styles.eventDetail}>{event.detail}</div>}
            <time className={styles.eventTime} dateTime={event.at} title={formatFullDateTime(event.at)}>
              {formatDateTime(event.at)}
            </time>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Seen({ iso }: { iso: string | null }) {
  return iso ? <RelativeTime iso={iso} /> : <span className={styles.muted}>Never</span>;
}

function DeviceDetails({ device, migrationId }: { device: DeviceDetail; migrationId: string }) {
  const retry = useRunDeviceAction();
  const result: BulkActionResponse | undefined = retry.data;
  const canRetry =
    device.status === 'profile_failed' ||
    device.status === 'enrolled' ||
    device.status === 'waiting_for_device' ||
    device.status === 'creating_profile';
  return (
    <>
      <section className={styles.section} aria-labelledby="device-state">
        <h3 id="device-state" className={styles.sectionTitle}>
          State
        </h3>
        <dl className={styles.facts}>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={device.status} />
          </dd>
          {device.progress && (
            <>
              <dt>Progress</dt>
              <dd>
                <ProgressBar
                  percent={device.progress.percent}
                  status={device.status}
                  label={`Switch progress: ${progressStageLabel(device.progress.stage)}`}
                />
                <span className={styles.stage}>{progressStageLabel(device.progress.stage)}</span>
              </dd>
            </>
          )}
          <dt>Online</dt>
          <dd>
            {device.online ? 'Yes' : 'No'}
            {device.locked ? ' · PC locked' : ''}
          </dd>
          <dt>Client part seen</dt>
          <dd>
            <Seen iso={device.clientLastSeenAt} />
          </dd>
          <dt>Service part seen</dt>
          <dd>
            <Seen iso={device.serviceLastSeenAt} />
          </dd>
          <dt>Next retry</dt>
          <dd>
            {device.manualRetryRequired ? (
              <strong style={{ color: 'var(--color-danger)' }}>Manual retry required</strong>
            ) : device.nextRetryAt ? (
              <RelativeTime iso={device.nextRetryAt} />
            ) : (
              '—'
            )}
          </dd>
        </dl>
      </section>

      {device.error && (
        <section className={styles.section} aria-labelledby="device-error">
          <h3 id="device-error" className={styles.sectionTitle}>
            Error
          </h3>
          <Callout tone="danger" title={errorTitle(device.error.code)}>
            <p>{device.error.message}</p>
            <p style={{ display: 'flex', gap: 12, alignItems: 'center', marginTop: 4 }}>
              <code>{device.error.code}</code>
              <Link to={device.error.troubleshootingUrl}>Troubleshoot</Link>
            </p>
          </Callout>
        </section>
      )}

      {canRetry && (
        <section className={styles.section} aria-label="Retry">
          {result ? (
            <Callout tone={result.affected > 0 ? 'success' : 'warning'} role="status">
              {result.affected > 0
                ? 'Retry queued: the device creates its profile again on its next check-in.'
                : 'No retry was queued: one is already waiting for this device.'}
            </Callout>
          ) : (
            <Button
              icon="refresh"
              loading={retry.isPending}
              onClick={() =>
                retry.mutate({
                  migrationId,
                  request: { action: 'retry-profile-creation', deviceIds: [device.id] },
                })
              }
            >
              Retry profile creation now
            </Button>
          )}
          {retry.isError && (
            <Callout tone="danger" role="alert">
              {errorMessage(retry.error)}
            </Callout>
          )}
        </section>
      )}

      {device.alerts.length > 0 && (
        <section className={styles.section} aria-labelledby="device-alerts">
          <h3 id="device-alerts" className={styles.sectionTitle}>
            Alerts
          </h3>
          <div style={{ display: 'grid', gap: 8 }}>
            {device.alerts.map((alert) => (
              <Callout key={alert.code} tone="warning" title={errorTitle(alert.code)}>
                <p>{alert.message}</p>
                <Link to={alert.troubleshootingUrl}>Troubleshoot</Link>
              </Callout>
            ))}
          </div>
        </section>
      )}

      <section className={styles.section} aria-labelledby="device-info">
        <h3 id="device-info" className={styles.sectionTitle}>
          Device
        </h3>
        <dl className={styles.facts}>
          <dt>Windows user</dt>
          <dd>{device.windowsUser}</dd>
          <dt>Email</dt>
          <dd>{device.userEmail ?? '—'}</dd>
          <dt>Outlook</dt>
          <dd>{device.outlookVersion ?? 'Unknown'}</dd>
          <dt>Last check-in</dt>
          <dd>{device.lastSeenAt ? formatFullDateTime(device.lastSeenAt) : 'Never'}</dd>
          <dt>Device id</dt>
          <dd>
            <code>{device.id}</code>
          </dd>
        </dl>
      </section>

      <section className={styles.section} aria-labelledby="device-history">
        <h3 id="device-history" className={styles.sectionTitle}>
          History
        </h3>
        <Timeline events={device.events} />
      </section>
    </>
  );
}

/** The device's details and its timeline (GET /api/devices/{id}), live like the table. */
export function DeviceDrawer({
  deviceId,
  migrationId,
  hostname,
  onClose,
}: {
  deviceId: string;
  migrationId: string;
  hostname?: string;
  onClose: () => void;
}) {
  const device = useDevice({ deviceId });
  const title = device.data?.hostname ?? hostname ?? 'Device';
  return (
    <Drawer
      title={
        <span className={styles.drawerHead}>
          <Icon name="laptop" size={18} />
          {title}
        </span>
      }
      description={device.data ? (device.data.userEmail ?? device.data.windowsUser) : undefined}
      onClose={onClose}
    >
      {device.isPending ? (
        <LoadingBlock label="Loading device…" />
      ) : device.isError ? (
        <Callout
          tone="danger"
          title={isApiError(device.error, 404) ? 'Device not found' : 'The device could not be loaded'}
          role="alert"
        >
          {errorMessage(device.error)}
        </Callout>
      ) : (
        <DeviceDetails device={device.data} migrationId={migrationId} />
      )}
    </Drawer>
  );
}

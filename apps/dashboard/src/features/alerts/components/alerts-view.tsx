import { ERROR_CATALOGUE, isKnownDeviceErrorCode, type MigrationAlert } from '@cutover/domain';
import { Link } from 'react-router';
import { Callout } from '../../../components/ui/callout';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icon';
import { RelativeTime } from '../../../components/ui/relative-time';
import { LoadingBlock } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { useAlerts } from '../api/get-alerts';
import styles from './alerts.module.css';

function title(code: string): string {
  return ERROR_CATALOGUE[isKnownDeviceErrorCode(code) ? code : 'UNKNOWN_ERROR'].title;
}

function countsByCode(alerts: MigrationAlert[]): Array<{ code: string; count: number; url: string }> {
  const map = new Map<string, { code: string; count: number; url: string }>();
  for (const alert of alerts) {
    const entry = map.get(alert.code) ?? { code: alert.code, count: 0, url: alert.troubleshootingUrl };
    entry.count++;
    map.set(alert.code, entry);
  }
  return [...map.values()].sort((a, b) => b.count - a.count);
}

/** D3: the open readiness alerts of a migration, counted by kind, each with its device and a fix. */
export function AlertsView({
  migrationId,
  deviceHref,
}: {
  migrationId: string;
  deviceHref: (deviceId: string) => string;
}) {
  const alerts = useAlerts({ migrationId });
  if (alerts.isPending) return <LoadingBlock label="Loading alerts…" />;
  if (alerts.isError) {
    return (
      <Callout tone="danger" title="Alerts could not be loaded" role="alert">
        {errorMessage(alerts.error)}
      </Callout>
    );
  }
  const items = alerts.data.items;
  if (items.length === 0) {
    return (
      <EmptyState icon="checkCircle" title="No open alerts">
        Every device that checked in meets the readiness checks. Look again shortly before cutover: alerts can
        appear at any check-in.
      </EmptyState>
    );
  }
  return (
    <>
      <div className={styles.summary} aria-label="Alerts by kind" role="list">
        {countsByCode(items).map((entry) => (
          <div key={entry.code} className={styles.codeCard} role="listitem">
            <span className={styles.codeCount}>{formatNumber(entry.count)}</span>
            <div>
              <div className={styles.codeTitle}>{title(entry.code)}</div>
              <Link className={styles.codeLink} to={entry.url}>
                How to fix
              </Link>
            </div>
          </div>
        ))}
      </div>
      <div className={styles.tableWrap}>
        <table className={styles.table} aria-label="Open alerts">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Alert</th>
              <th scope="col">Raised</th>
              <th scope="col">
                <span className="sr-only">Troubleshooting</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((alert) => (
              <tr key={`${alert.deviceId}-${alert.code}`}>
                <td>
                  <Link className={styles.host} to={deviceHref(alert.deviceId)}>
                    {alert.hostname}
                  </Link>
                </td>
                <td>
                  <div className={styles.alertTitle}>
                    <Icon name="alert" size={14} />
                    {title(alert.code)}
                  </div>
                  <div className={styles.message}>{alert.message}</div>
                </td>
                <td className={styles.nowrap}>
                  <RelativeTime iso={alert.raisedAt} />
                </td>
                <td className={styles.nowrap}>
                  <Link to={alert.troubleshootingUrl}>Troubleshoot</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

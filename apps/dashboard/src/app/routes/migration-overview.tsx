import type { Migration } from '@cutover/domain';
import { Link, useOutletContext } from 'react-router';
import { Card } from '../../components/ui/card';
import { Icon } from '../../components/ui/icon';
import { useDevices } from '../../features/devices/api/get-devices';
import { EnrollmentKeyCard } from '../../features/migrations/components/enrollment-key-card';
import { InstallAgentCard } from '../../features/migrations/components/install-agent-card';
import { MigrationStats } from '../../features/migrations/components/migration-stats';
import { StatusBreakdown } from '../../features/migrations/components/status-breakdown';
import styles from '../../features/migrations/components/migrations.module.css';
import { formatNumber } from '../../lib/format';

const ONLINE_SAMPLE = 500;

/**
 * D2: how many devices are online. Taken from the migration when the API reports it (an additive field), else
 * counted from one page of the device list, which is exact up to 500 devices; beyond that it is left out.
 */
function useOnlineCount(migration: Migration): number | null {
  const reported = (migration as Migration & { onlineDevices?: unknown }).onlineDevices;
  const list = useDevices({
    migrationId: migration.id,
    filter: {},
    limit: ONLINE_SAMPLE,
    queryConfig: { enabled: typeof reported !== 'number', refetchInterval: 15_000 },
  });
  if (typeof reported === 'number') return reported;
  if (!list.data || list.data.total > list.data.items.length) return null;
  return list.data.items.filter((d) => d.online).length;
}

export function MigrationOverviewRoute() {
  const migration = useOutletContext<Migration>();
  const base = `/migrations/${migration.id}`;
  const online = useOnlineCount(migration);
  return (
    <>
      <MigrationStats migration={migration} online={online} />
      <div className={styles.overviewGrid}>
        <div className={styles.stack}>
          <StatusBreakdown
            migration={migration}
            devicesHref={(status) => `${base}/devices?status=${status}`}
          />
          <InstallAgentCard migration={migration} serverUrl={window.location.origin} />
        </div>
        <div className={styles.stack}>
          <EnrollmentKeyCard migration={migration} />
          <Card title="Readiness alerts" description="Check for last-minute alerts before cutover (D3).">
            {migration.openAlerts > 0 ? (
              <div className={styles.alertsItem}>
                <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
                  <Icon name="alert" />
                  <strong>{formatNumber(migration.openAlerts)}</strong> open{' '}
                  {migration.openAlerts === 1 ? 'alert' : 'alerts'}
                </span>
                <Link to={`${base}/alerts`}>Review alerts</Link>
              </div>
            ) : (
              <p style={{ display: 'flex', alignItems: 'center', gap: 8, color: 'var(--color-success)' }}>
                <Icon name="checkCircle" /> No open alerts
              </p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

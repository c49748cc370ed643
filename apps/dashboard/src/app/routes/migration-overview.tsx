import type { Migration } from '@cutover/domain';
import { Link, useOutletContext } from 'react-router';
import { Card } from '../../components/ui/card';
import { Icon } from '../../components/ui/icon';
import { EnrollmentKeyCard } from '../../features/migrations/components/enrollment-key-card';
import { InstallAgentCard } from '../../features/migrations/components/install-agent-card';
import { MigrationStats } from '../../features/migrations/components/migration-stats';
import { StatusBreakdown } from '../../features/migrations/components/status-breakdown';
import styles from '../../features/migrations/components/migrations.module.css';
import { formatNumber } from '../../lib/format';

/** Online devices, when the API reports them with the migration (an additive field of the contract). */
function onlineCount(migration: Migration): number | null {
  const value = (migration as Migration & { onlineDevices?: unknown }).onlineDevices;
  return typeof value === 'number' ? value : null;
}

export function MigrationOverviewRoute() {
  const migration = useOutletContext<Migration>();
  const base = `/migrations/${migration.id}`;
  return (
    <>
      <MigrationStats migration={migration} online={onlineCount(migration)} />
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

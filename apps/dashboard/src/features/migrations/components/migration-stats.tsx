import type { Migration } from '@cutover/domain';
import { Icon, type IconName } from '../../../components/ui/icon';
import { cx } from '../../../components/ui/cx';
import { formatNumber } from '../../../lib/format';
import { countOf, totalDevices } from './labels';
import styles from './migrations.module.css';

function Stat({
  icon,
  label,
  value,
  hint,
  tone,
}: {
  icon: IconName;
  label: string;
  value: string;
  hint?: string;
  tone?: 'danger' | 'warn' | 'good';
}) {
  return (
    <div
      className={cx(
        styles.stat,
        tone === 'danger' && styles.statDanger,
        tone === 'warn' && styles.statWarn,
        tone === 'good' && styles.statGood,
      )}
    >
      <div className={styles.statLabel}>
        <Icon name={icon} size={14} />
        {label}
      </div>
      <div className={styles.statValue}>{value}</div>
      {hint && <div className={styles.statHint}>{hint}</div>}
    </div>
  );
}

/** The four numbers a partner checks first; `online` comes from the device list (D2: polled within 3 intervals). */
export function MigrationStats({ migration, online }: { migration: Migration; online: number | null }) {
  const total = totalDevices(migration);
  const failed = countOf(migration, 'profile_failed', 'switch_failed');
  const completed = countOf(migration, 'completed');
  const pct = total === 0 ? 0 : Math.round((completed / total) * 100);
  return (
    <div className={styles.stats}>
      <Stat
        icon="laptop"
        label="Online now"
        value={online === null ? '–' : formatNumber(online)}
        hint={
          total === 0
            ? 'No devices yet'
            : online === null
              ? 'Per device on the Devices tab'
              : `of ${formatNumber(total)} devices`
        }
        tone={online !== null && total > 0 && online === total ? 'good' : undefined}
      />
      <Stat
        icon="checkCircle"
        label="Completed"
        value={formatNumber(completed)}
        hint={`${pct}% on the new profile`}
        tone={completed > 0 && completed === total ? 'good' : undefined}
      />
      <Stat
        icon="alertCircle"
        label="Need attention"
        value={formatNumber(failed)}
        hint="Profile creation or switch failed"
        tone={failed > 0 ? 'danger' : undefined}
      />
      <Stat
        icon="alert"
        label="Open alerts"
        value={formatNumber(migration.openAlerts)}
        hint="Readiness warnings (D3)"
        tone={migration.openAlerts > 0 ? 'warn' : undefined}
      />
    </div>
  );
}

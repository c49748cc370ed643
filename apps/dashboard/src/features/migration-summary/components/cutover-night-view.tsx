import type { Migration } from '@cutover/domain';
import { formatNumber } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useMigrationSummary } from '../api/get-migration-summary';
import { Countdown } from './countdown';
import type { DevicesHref } from './labels';
import { ReadinessChecklist } from './readiness-checklist';
import { SummaryState, UpdatedAt } from './summary-state';
import { SwitchProgress } from './switch-progress';
import styles from './summary.module.css';

// D7: the switch starts about 10 minutes after cutover
export const SWITCH_DELAY_MS = 10 * 60_000;

export function switchStartsAt(cutoverAt: string): string {
  return new Date(new Date(cutoverAt).getTime() + SWITCH_DELAY_MS).toISOString();
}

/**
 * The "Cutover night" tab: countdowns to C and to the switch at C + 10 min (every second), the readiness checklist
 * and the switch as it runs, from the summary refreshed every 5 s.
 */
export function CutoverNightView({
  migration,
  devicesHref,
}: {
  migration: Pick<Migration, 'id' | 'cutoverAt'> & { onlineDevices?: number };
  devicesHref: DevicesHref;
}) {
  const now = useNow(1000);
  const summary = useMigrationSummary({ migrationId: migration.id });
  const switchAt = switchStartsAt(migration.cutoverAt);
  return (
    <div className={styles.view}>
      <div className={styles.viewHeader}>
        <h2 className={styles.viewTitle}>Cutover night</h2>
        {summary.data && <UpdatedAt asOf={summary.data.asOf} failing={summary.isError} />}
      </div>
      <section aria-labelledby="cutover-countdowns" className={styles.countdowns}>
        <h3 id="cutover-countdowns" className="sr-only">
          Countdowns
        </h3>
        <Countdown
          id="countdown-cutover"
          target={migration.cutoverAt}
          now={now}
          before="Cutover in"
          after="Cutover was"
        />
        <Countdown
          id="countdown-switch"
          target={switchAt}
          now={now}
          before="Switch starts in"
          after="Switch started"
        />
        {summary.data && typeof migration.onlineDevices === 'number' && (
          <div className={styles.countdown}>
            <p className={styles.countdownLabel}>Online now</p>
            <p className={styles.countdownClock}>{formatNumber(migration.onlineDevices)}</p>
            <p className={styles.countdownAt}>of {formatNumber(summary.data.devices)} devices (D2)</p>
          </div>
        )}
      </section>
      <SummaryState query={summary}>
        {(data) => (
          <div className={styles.grid}>
            <ReadinessChecklist summary={data} devicesHref={devicesHref} />
            <SwitchProgress summary={data} switchAt={switchAt} now={now} devicesHref={devicesHref} />
          </div>
        )}
      </SummaryState>
    </div>
  );
}

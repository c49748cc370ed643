import { Link } from 'react-router';
import { Card } from '../../../components/ui/card';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { formatNumber, formatRelative, formatTime, pluralize } from '../../../lib/format';
import type { MigrationSummaryResponse } from '../api/get-migration-summary';
import type { DevicesHref, DevicesLink } from './labels';
import styles from './summary.module.css';

function SwitchStat({
  label,
  count,
  phrase,
  link,
  devicesHref,
  status,
}: {
  label: string;
  count: number;
  phrase: string;
  link: DevicesLink;
  devicesHref: DevicesHref;
  status: string;
}) {
  return (
    <div className={styles.switchStat} data-status={status}>
      <dt>{label}</dt>
      <dd>
        {count > 0 ? (
          <Link to={devicesHref(link)}>
            {formatNumber(count)}
            <span className="sr-only">
              {' '}
              {count === 1 ? 'device' : 'devices'} {phrase}
            </span>
          </Link>
        ) : (
          '0'
        )}
      </dd>
    </div>
  );
}

/** D7, D11: the switch from C + 10 min: done, running, waiting for a transfer slot, and when it should be over. */
export function SwitchProgress({
  summary,
  switchAt,
  now,
  devicesHref,
}: {
  summary: MigrationSummaryResponse;
  /** C + 10 min */
  switchAt: string;
  now: number;
  devicesHref: DevicesHref;
}) {
  const { done, inProgress, queued, etaAt } = summary.switch;
  const started = new Date(switchAt).getTime() <= now;
  const failed = summary.byStatus.switch_failed ?? 0;
  const left = inProgress + queued;
  const percent = summary.devices === 0 ? 0 : (done / summary.devices) * 100;
  return (
    <Card
      headingLevel={3}
      title="Switch to the new profile"
      description={
        started
          ? `${pluralize(done, 'device')} of ${formatNumber(summary.devices)} switched.`
          : `Starts at ${formatTime(switchAt)}, 10 minutes after cutover (D7); ${pluralize(
              summary.byStatus.profile_ready ?? 0,
              'device',
            )} with the profile ready.`
      }
    >
      <ProgressBar percent={percent} label="Devices switched" status="completed" />
      <dl className={styles.switchStats}>
        <SwitchStat
          label="Done"
          count={done}
          phrase="switched"
          link={{ status: ['completed'] }}
          devicesHref={devicesHref}
          status="completed"
        />
        <SwitchStat
          label="In progress"
          count={inProgress}
          phrase="switching now"
          link={{ status: ['switching'] }}
          devicesHref={devicesHref}
          status="switching"
        />
        <SwitchStat
          label="Queued for bandwidth"
          count={queued}
          phrase="queued for bandwidth"
          link={{ status: ['queued_for_bandwidth'] }}
          devicesHref={devicesHref}
          status="queued_for_bandwidth"
        />
        <SwitchStat
          label="Switch failed"
          count={failed}
          phrase="whose switch failed"
          link={{ status: ['switch_failed'] }}
          devicesHref={devicesHref}
          status="switch_failed"
        />
        <div className={styles.switchStat}>
          <dt>Estimated finish</dt>
          <dd>
            {etaAt ? (
              <>
                <time dateTime={etaAt}>{formatTime(etaAt)}</time>{' '}
                <span className={styles.muted}>({formatRelative(etaAt, now)})</span>
              </>
            ) : (
              <span className={styles.muted}>
                {!started
                  ? 'After the switch starts'
                  : left === 0
                    ? 'Nothing left to switch'
                    : 'Not known yet'}
              </span>
            )}
          </dd>
        </div>
      </dl>
    </Card>
  );
}

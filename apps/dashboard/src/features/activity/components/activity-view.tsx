import type { ActivityEntry } from '@cutover/domain';
import { Callout } from '../../../components/ui/callout';
import { cx } from '../../../components/ui/cx';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icon';
import { LoadingBlock } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatFullDateTime, formatTime } from '../../../lib/format';
import { useActivity } from '../api/get-activity';
import styles from './activity.module.css';

const ACTION_LABELS: Record<string, string> = {
  'migration.created': 'created the migration',
  'migration.updated': 'changed the migration',
  'enrollment_key.rotated': 'rotated the enrollment key',
  'devices.retry_profile_creation': 'retried profile creation',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replace(/[_.-]+/g, ' ').toLowerCase();
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

function dayOf(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today);
  yesterday.setDate(today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return dayFormat.format(date);
}

function groupByDay(entries: ActivityEntry[]): Array<[string, ActivityEntry[]]> {
  const groups: Array<[string, ActivityEntry[]]> = [];
  for (const entry of entries) {
    const day = dayOf(entry.at);
    const last = groups[groups.length - 1];
    if (last && last[0] === day) last[1].push(entry);
    else groups.push([day, [entry]]);
  }
  return groups;
}

/** The migration's audit log: who did what, when (partner actions and the service's own). */
export function ActivityView({ migrationId }: { migrationId: string }) {
  const activity = useActivity({ migrationId });
  if (activity.isPending) return <LoadingBlock label="Loading activity…" />;
  if (activity.isError) {
    return (
      <Callout tone="danger" title="Activity could not be loaded" role="alert">
        {errorMessage(activity.error)}
      </Callout>
    );
  }
  const items = activity.data.items;
  if (items.length === 0) {
    return (
      <EmptyState icon="clock" title="No activity yet">
        Changes to this migration and bulk actions on its devices are recorded here, with who made them.
      </EmptyState>
    );
  }
  return (
    <div className={styles.feed}>
      {groupByDay(items).map(([day, entries]) => (
        <section key={day} aria-label={day}>
          <h3 className={styles.day}>{day}</h3>
          <ul className={styles.list}>
            {entries.map((entry) => (
              <li key={entry.id} className={styles.entry}>
                <span className={cx(styles.avatar, !entry.actor && styles.system)} aria-hidden="true">
                  {entry.actor ? (entry.actor.email[0] ?? '?').toUpperCase() : <Icon name="zap" size={14} />}
                </span>
                <div>
                  <span className={styles.who}>
                    {entry.actor?.email ?? 'Cutover'}
                    {entry.actor?.token ? ` (API token “${entry.actor.token.name}”)` : ''}
                  </span>{' '}
                  <span className={styles.what}>{actionLabel(entry.action)}</span>
                  {entry.detail && <div className={styles.detail}>{entry.detail}</div>}
                </div>
                <time className={styles.time} dateTime={entry.at} title={formatFullDateTime(entry.at)}>
                  {formatTime(entry.at)}
                </time>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

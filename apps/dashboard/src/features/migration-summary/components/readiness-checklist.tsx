import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card } from '../../../components/ui/card';
import { Icon } from '../../../components/ui/icon';
import { formatNumber, pluralize } from '../../../lib/format';
import type { MigrationSummaryResponse } from '../api/get-migration-summary';
import { alertLabel, checklistAlertCodes, type DevicesHref, type DevicesLink } from './labels';
import styles from './summary.module.css';

interface ChecklistItem {
  key: string;
  label: string;
  hint?: ReactNode;
  count: number;
  /** Completes "3 devices …" in the link's name. */
  devicesPhrase: string;
  link: DevicesLink;
  /** Link text for the filtered list when it shows more than these devices. */
  linkText?: string;
  troubleshootingCode?: string;
}

export function checklistItems(summary: MigrationSummaryResponse): ChecklistItem[] {
  const alertCount = (code: string) => summary.alertsByCode.find((a) => a.code === code)?.count ?? 0;
  const alerts = checklistAlertCodes(summary.alertsByCode).map((code): ChecklistItem => {
    const { label, devicesPhrase } = alertLabel(code);
    return {
      key: `alert-${code}`,
      label,
      hint: <code>{code}</code>,
      count: alertCount(code),
      devicesPhrase,
      link: { alert: code },
      troubleshootingCode: code,
    };
  });
  return [
    ...alerts,
    {
      key: 'offline',
      label: 'Offline now',
      hint: 'Checked in before, but not within the last 3 poll intervals (D2).',
      count: summary.offline,
      devicesPhrase: 'offline now',
      link: { online: false },
      // the Devices tab's offline filter also lists the never-seen devices: say so rather than link the count
      linkText: 'Show offline devices',
    },
    {
      key: 'never-seen',
      label: 'Never seen',
      hint: 'Enrolled but never checked in; the Devices tab lists them among the offline devices.',
      count: summary.neverSeen,
      devicesPhrase: 'never seen',
      link: { online: false },
      linkText: 'Show offline devices',
    },
    {
      key: 'manual-retry',
      label: 'Manual retry required',
      hint: 'Profile creation will not retry by itself (D4); retry it from the Devices tab.',
      count: summary.manualRetryRequired,
      devicesPhrase: 'that need a manual retry',
      link: { status: ['profile_failed'] },
      linkText: 'Show devices whose profile creation failed',
    },
  ];
}

/** D3, D13, D2, D4: what to check before cutover, each open count a link to the Devices tab filtered to it. */
export function ReadinessChecklist({
  summary,
  devicesHref,
}: {
  summary: MigrationSummaryResponse;
  devicesHref: DevicesHref;
}) {
  const items = checklistItems(summary);
  const open = items.filter((i) => i.count > 0).length;
  return (
    <Card
      headingLevel={3}
      title="Readiness checklist"
      description={
        open === 0
          ? 'All clear: no open readiness alerts, every device online.'
          : `${pluralize(open, 'item')} to check before cutover (D3, D13).`
      }
    >
      <ul className={styles.checklist}>
        {items.map((item) => {
          const clear = item.count === 0;
          return (
            <li key={item.key} className={styles.checkItem} data-clear={clear}>
              <span className={styles.checkIcon}>
                <Icon name={clear ? 'checkCircle' : 'alert'} size={18} />
              </span>
              <span className={styles.checkText}>
                <span className={styles.checkLabel}>{item.label}</span>
                {item.hint && <span className={styles.checkHint}>{item.hint}</span>}
              </span>
              <span className={styles.checkCount}>
                {clear ? (
                  <span className={styles.checkNone}>None</span>
                ) : item.linkText ? (
                  <>
                    <strong>{pluralize(item.count, 'device')}</strong>
                    <Link to={devicesHref(item.link)}>{item.linkText}</Link>
                  </>
                ) : (
                  <Link to={devicesHref(item.link)}>
                    <strong>{formatNumber(item.count)}</strong> {item.count === 1 ? 'device' : 'devices'}
                    <span className="sr-only"> {item.devicesPhrase}</span>
                  </Link>
                )}
              </span>
              {!clear && item.troubleshootingCode && (
                <Link
                  className={styles.checkFix}
                  to={`/troubleshooting/${item.troubleshootingCode}`}
                  aria-label={`How to fix: ${item.label}`}
                >
                  How to fix
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

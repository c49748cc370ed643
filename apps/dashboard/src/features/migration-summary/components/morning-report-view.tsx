import type { Migration } from '@cutover/domain';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { formatFullDateTime, formatNumber, pluralize } from '../../../lib/format';
import { useMigrationSummary, type MigrationSummaryResponse } from '../api/get-migration-summary';
import type { DevicesHref } from './labels';
import { downloadCsv, failedCount, morningReportCsv, morningReportFilename } from './morning-report-csv';
import { SummaryState } from './summary-state';
import styles from './summary.module.css';

function TroubleshootingLink({ url, code }: { url: string; code: string }) {
  const name = (
    <>
      How to fix<span className="sr-only"> {code}</span>
    </>
  );
  // the catalogue's links are dashboard routes (D6); anything else opens as a plain link
  return url.startsWith('/') ? <Link to={url}>{name}</Link> : <a href={url}>{name}</a>;
}

function Totals({ summary }: { summary: MigrationSummaryResponse }) {
  const failed = failedCount(summary);
  const pct = summary.devices === 0 ? 0 : Math.round((summary.completed / summary.devices) * 100);
  const items: Array<{ label: string; value: number; hint?: string; tone?: 'good' | 'danger' | 'warn' }> = [
    { label: 'Devices', value: summary.devices },
    {
      label: 'Completed',
      value: summary.completed,
      hint: `${pct}% on the new profile`,
      tone: summary.devices > 0 && summary.completed === summary.devices ? 'good' : undefined,
    },
    { label: 'Failed', value: failed, tone: failed > 0 ? 'danger' : undefined },
    {
      label: 'Never seen',
      value: summary.neverSeen,
      hint: 'Never checked in',
      tone: summary.neverSeen > 0 ? 'warn' : undefined,
    },
    { label: 'Offline', value: summary.offline, tone: summary.offline > 0 ? 'warn' : undefined },
    {
      label: 'Manual retry required',
      value: summary.manualRetryRequired,
      hint: 'Will not retry by itself (D4)',
      tone: summary.manualRetryRequired > 0 ? 'danger' : undefined,
    },
  ];
  return (
    <dl className={styles.totals}>
      {items.map((item) => (
        <div key={item.label} className={styles.total} data-tone={item.tone}>
          <dt>{item.label}</dt>
          <dd className={styles.totalValue}>{formatNumber(item.value)}</dd>
          {item.hint && <dd className={styles.totalHint}>{item.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

function Failures({ summary, devicesHref }: { summary: MigrationSummaryResponse; devicesHref: DevicesHref }) {
  const failures = summary.failuresByCode.filter((f) => f.count > 0);
  const failed = failedCount(summary);
  return (
    <Card
      headingLevel={3}
      title="Failures by error"
      description={failed === 0 ? 'No device failed.' : `${pluralize(failed, 'device')} failed (D6).`}
    >
      {failures.length > 0 && (
        <table className={styles.failures}>
          <caption className="sr-only">Failed devices by error code</caption>
          <thead>
            <tr>
              <th scope="col">Error</th>
              <th scope="col">What happened</th>
              <th scope="col" className={styles.num}>
                Devices
              </th>
              <th scope="col" className={styles.noPrint}>
                <span className="sr-only">Links</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.code}>
                <th scope="row">
                  <code>{f.code}</code>
                </th>
                <td>
                  {f.message}{' '}
                  <span className={styles.noPrint}>
                    <TroubleshootingLink url={f.troubleshootingUrl} code={f.code} />
                  </span>
                </td>
                <td className={styles.num}>{formatNumber(f.count)}</td>
                <td className={styles.noPrint}>
                  <Link to={devicesHref({ errorCode: [f.code] })}>
                    Select these devices
                    <span className="sr-only">
                      {' '}
                      ({pluralize(f.count, 'device')} with {f.code})
                    </span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** The "Morning report" tab (D12): totals and failures by error; printable, and downloadable as CSV. */
export function MorningReportView({
  migration,
  devicesHref,
}: {
  migration: Pick<Migration, 'id' | 'customerName' | 'cutoverAt'>;
  devicesHref: DevicesHref;
}) {
  // the morning after, a minute-old report is fresh enough
  const summary = useMigrationSummary({
    migrationId: migration.id,
    queryConfig: { refetchInterval: 60_000 },
  });
  return (
    <div className={styles.view}>
      <div className={styles.viewHeader}>
        <div>
          <h2 className={styles.viewTitle}>Morning report</h2>
          {summary.data && (
            <p className={styles.muted}>
              As of <time dateTime={summary.data.asOf}>{formatFullDateTime(summary.data.asOf)}</time> ·
              cutover <time dateTime={migration.cutoverAt}>{formatFullDateTime(migration.cutoverAt)}</time>
            </p>
          )}
        </div>
        {summary.data && (
          <div className={styles.actions}>
            <Button
              icon="download"
              onClick={() => summary.data && downloadReport(migration.customerName, summary.data)}
            >
              Download CSV
            </Button>
            <Button onClick={() => window.print()}>Print</Button>
          </div>
        )}
      </div>
      <SummaryState query={summary}>
        {(data) => (
          <>
            <section aria-labelledby="morning-report-totals">
              <h3 id="morning-report-totals" className="sr-only">
                Totals
              </h3>
              <Totals summary={data} />
            </section>
            <Failures summary={data} devicesHref={devicesHref} />
          </>
        )}
      </SummaryState>
    </div>
  );
}

function downloadReport(customerName: string, summary: MigrationSummaryResponse) {
  downloadCsv(
    morningReportFilename(customerName, summary.asOf),
    morningReportCsv(summary, { origin: window.location.origin }),
  );
}

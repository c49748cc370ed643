import {
  DEVICE_ERROR_CODES,
  ERROR_CATALOGUE,
  isKnownDeviceErrorCode,
  troubleshootingUrl,
} from '@cutover/domain';
import { Link } from 'react-router';
import { Callout } from '../../../components/ui/callout';
import { Markdown } from '../../../components/ui/markdown';
import { Page, PageHeader } from '../../../components/ui/page';
import { Skeleton } from '../../../components/ui/spinner';
import { useTroubleshootingDoc } from '../api/get-troubleshooting-doc';
import styles from './troubleshooting.module.css';

/** D6: the catalogue's message and action for an error code, then its troubleshooting page from docs/troubleshooting. */
export function TroubleshootingArticle({ code }: { code: string }) {
  const known = isKnownDeviceErrorCode(code);
  const entry = ERROR_CATALOGUE[known ? code : 'UNKNOWN_ERROR'];
  const doc = useTroubleshootingDoc({ code: known ? code : 'UNKNOWN_ERROR' });
  return (
    <Page>
      <PageHeader title={entry.title} subtitle={<span className={styles.code}>{code}</span>} />
      <div className={styles.layout}>
        <div>
          <div className={styles.summary}>
            {!known && (
              <Callout tone="warning" title="Unrecognised error code">
                The agent reported <code>{code}</code>, which this dashboard does not know; the advice below
                is the general one.
              </Callout>
            )}
            <Callout tone="danger" title="What happened">
              {entry.message}
            </Callout>
            <Callout tone="info" title="What to do">
              {entry.action}
            </Callout>
          </div>
          <article className={styles.article} aria-label="Troubleshooting guide">
            {doc.isPending ? (
              <div style={{ display: 'grid', gap: 12 }}>
                <Skeleton width="40%" height={20} />
                <Skeleton />
                <Skeleton width="90%" />
                <Skeleton width="75%" />
              </div>
            ) : doc.data ? (
              <Markdown source={doc.data} headingOffset={1} skipFirstHeading />
            ) : (
              <p style={{ color: 'var(--color-text-muted)' }}>
                There is no detailed guide for this error yet. The steps above are the catalogue&rsquo;s
                advice.
              </p>
            )}
          </article>
        </div>
        <nav className={styles.aside} aria-label="Other errors">
          <h2>All errors and alerts</h2>
          <ul className={styles.otherList}>
            {DEVICE_ERROR_CODES.map((other) => (
              <li key={other}>
                <Link to={troubleshootingUrl(other)} aria-current={other === code ? 'page' : undefined}>
                  {ERROR_CATALOGUE[other].title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </Page>
  );
}

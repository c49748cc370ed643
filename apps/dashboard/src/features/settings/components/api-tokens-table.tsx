import type { ApiTokenSummary } from '@cutover/domain';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { RelativeTime } from '../../../components/ui/relative-time';
import { formatDateTime, formatFullDateTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import styles from './settings.module.css';

function DateTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatFullDateTime(iso)}>
      {formatDateTime(iso)}
    </time>
  );
}

/** The partner's tokens, newest first: what each is for, when it expires and whether a script still uses it. */
export function ApiTokensTable({
  tokens,
  onRevoke,
}: {
  tokens: ApiTokenSummary[];
  onRevoke: (token: ApiTokenSummary) => void;
}) {
  const now = useNow(60_000);
  const sorted = [...tokens].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((token) => (
            <tr key={token.id}>
              <th scope="row" className={styles.rowName}>
                {token.name}
              </th>
              <td className={styles.nowrap}>
                <DateTime iso={token.createdAt} />
              </td>
              <td className={styles.nowrap}>
                {token.expiresAt ? (
                  <span className={styles.inline}>
                    <DateTime iso={token.expiresAt} />
                    {Date.parse(token.expiresAt) <= now && <Badge tone="danger">Expired</Badge>}
                  </span>
                ) : (
                  <span className={styles.muted}>Never</span>
                )}
              </td>
              <td className={styles.nowrap}>
                {token.lastUsedAt ? (
                  <RelativeTime iso={token.lastUsedAt} />
                ) : (
                  <span className={styles.muted}>Never</span>
                )}
              </td>
              <td className={styles.actionsCell}>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Revoke ${token.name}`}
                  onClick={() => onRevoke(token)}
                >
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

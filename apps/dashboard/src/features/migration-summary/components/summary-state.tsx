import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { LoadingBlock } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatTime } from '../../../lib/format';
import type { MigrationSummaryResponse } from '../api/get-migration-summary';
import styles from './summary.module.css';

/** Loading, a first load that failed (with a retry), or the summary; a failed refresh keeps the last one on screen. */
export function SummaryState({
  query,
  children,
}: {
  query: UseQueryResult<MigrationSummaryResponse>;
  children: (summary: MigrationSummaryResponse) => ReactNode;
}) {
  if (query.isPending) return <LoadingBlock label="Loading the summary…" />;
  if (query.data === undefined) {
    return (
      <Callout tone="danger" title="The summary could not be loaded" role="alert">
        <p>{errorMessage(query.error)}</p>
        <div className={styles.retry}>
          <Button size="sm" icon="refresh" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      </Callout>
    );
  }
  return children(query.data);
}

/** "Updated 14:05:03", or that live updates are failing (said once, politely). */
export function UpdatedAt({ asOf, failing }: { asOf: string; failing: boolean }) {
  return (
    <p className={styles.updated}>
      Updated <time dateTime={asOf}>{formatTime(asOf)}</time>
      <span role="status">{failing ? ' · live updates paused, retrying' : ''}</span>
    </p>
  );
}

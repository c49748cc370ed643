import type { WebhookSummary } from '@cutover/domain';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, formatFullDateTime } from '../../../lib/format';
import { LIVE_REFRESH_MS } from '../../../lib/react-query';
import { useWebhookDeliveries } from '../api/get-webhook-deliveries';
import { useSendWebhookTest } from '../api/send-webhook-test';
import { WebhookDeliveriesTable } from './webhook-deliveries-table';
import styles from './settings.module.css';

/** After "Send test", keep refreshing this long even before the ping's delivery is listed. */
const TEST_WATCH_MS = 30_000;

function RecentDeliveries({ webhook, watchUntil }: { webhook: WebhookSummary; watchUntil?: number }) {
  const deliveries = useWebhookDeliveries({ webhookId: webhook.id, watchUntil });
  if (deliveries.isPending) return <Spinner label="Loading deliveries" />;
  if (deliveries.isError) {
    return (
      <Callout tone="danger" title="Deliveries could not be loaded" role="alert">
        {errorMessage(deliveries.error)}
      </Callout>
    );
  }
  const items = deliveries.data.items;
  if (items.length === 0) {
    return <p className={styles.muted}>No deliveries yet. Send a test to check that the endpoint answers.</p>;
  }
  const pending = items.some((delivery) => delivery.status === 'pending');
  return (
    <>
      {pending && (
        <p className={styles.muted}>
          Refreshing every {LIVE_REFRESH_MS / 1000} s while a delivery is pending.
        </p>
      )}
      <WebhookDeliveriesTable deliveries={items} label={`Recent deliveries to ${webhook.url}`} />
    </>
  );
}

/** One subscription: its endpoint, events and deliveries, with "Send test" and "Delete". */
export function WebhookItem({ webhook, onDelete }: { webhook: WebhookSummary; onDelete: () => void }) {
  const titleId = useId();
  const toast = useToast();
  const [watchUntil, setWatchUntil] = useState<number | undefined>(undefined);
  const test = useSendWebhookTest({
    mutationConfig: {
      onSuccess: () => {
        setWatchUntil(Date.now() + TEST_WATCH_MS);
        toast({
          tone: 'success',
          title: 'Test sent',
          description: `A ping is on its way to ${webhook.url}.`,
        });
      },
    },
  });
  return (
    <article className={styles.webhook} aria-labelledby={titleId}>
      <div className={styles.webhookHeader}>
        <div className={styles.webhookInfo}>
          <h3 id={titleId} className={styles.webhookUrl}>
            {webhook.url}
          </h3>
          <p className={styles.muted}>
            Added{' '}
            <time dateTime={webhook.createdAt} title={formatFullDateTime(webhook.createdAt)}>
              {formatDateTime(webhook.createdAt)}
            </time>
          </p>
          <ul className={styles.events} aria-label="Events">
            {webhook.events.map((event) => (
              <li key={event}>
                <code className={styles.eventCode}>{event}</code>
              </li>
            ))}
          </ul>
        </div>
        <div className={styles.webhookActions}>
          <Button
            size="sm"
            icon="zap"
            loading={test.isPending}
            aria-label={`Send test to ${webhook.url}`}
            onClick={() => test.mutate({ webhookId: webhook.id })}
          >
            Send test
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Delete webhook ${webhook.url}`} onClick={onDelete}>
            Delete
          </Button>
        </div>
      </div>
      {test.isError && (
        <Callout tone="danger" title="The test was not sent" role="alert">
          {errorMessage(test.error)}
        </Callout>
      )}
      <h4 className={styles.deliveriesTitle}>Recent deliveries</h4>
      <RecentDeliveries webhook={webhook} watchUntil={watchUntil} />
    </article>
  );
}

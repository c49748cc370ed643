import type { WebhookDelivery } from '@cutover/domain';
import { Badge } from '../../../components/ui/badge';
import { RelativeTime } from '../../../components/ui/relative-time';
import { formatDateTime, formatFullDateTime } from '../../../lib/format';
import { DELIVERY_STATUS_BADGES, deliveryEventLabel } from './labels';
import styles from './settings.module.css';

/** D18: every attempt to one endpoint, newest first, with the endpoint's answer and the next retry. */
export function WebhookDeliveriesTable({
  deliveries,
  label,
}: {
  deliveries: WebhookDelivery[];
  label: string;
}) {
  const sorted = [...deliveries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col" className={styles.num}>
              Attempt
            </th>
            <th scope="col">Response</th>
            <th scope="col">Sent</th>
            <th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((delivery) => {
            const badge = DELIVERY_STATUS_BADGES[delivery.status] ?? {
              label: delivery.status,
              tone: 'neutral' as const,
            };
            return (
              <tr key={`${delivery.id}:${delivery.attempt}`}>
                <td>
                  <code className={styles.eventCode}>{deliveryEventLabel(delivery.event)}</code>
                </td>
                <td>
                  <Badge tone={badge.tone}>{badge.label}</Badge>
                </td>
                <td className={styles.num}>{delivery.attempt}</td>
                <td className={styles.nowrap}>
                  {delivery.responseStatus === null ? (
                    <span className={styles.muted}>
                      {delivery.status === 'pending' ? 'Not sent yet' : (delivery.error ?? 'No response')}
                    </span>
                  ) : (
                    `HTTP ${delivery.responseStatus}`
                  )}
                </td>
                <td className={styles.nowrap}>
                  <RelativeTime iso={delivery.at} />
                </td>
                <td className={styles.nowrap}>
                  {delivery.nextAttemptAt === null ? (
                    <span className={styles.muted}>None</span>
                  ) : (
                    <time
                      dateTime={delivery.nextAttemptAt}
                      title={formatFullDateTime(delivery.nextAttemptAt)}
                    >
                      {formatDateTime(delivery.nextAttemptAt)}
                    </time>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

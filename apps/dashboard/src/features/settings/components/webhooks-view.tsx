import type { WebhookSummary } from '@cutover/domain';
import { useEffect, useId, useRef, useState } from 'react';
import { Callout } from '../../../components/ui/callout';
import { Card } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { LoadingBlock } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { useWebhooks } from '../api/get-webhooks';
import { CreateWebhookForm } from './create-webhook-form';
import { DeleteWebhookDialog } from './delete-webhook-dialog';
import { WebhookItem } from './webhook-item';
import styles from './settings.module.css';

/** Settings → Webhooks (D18): endpoints that get events, signed, retried with backoff for 24 hours. */
export function WebhooksView() {
  const webhooks = useWebhooks();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [deleting, setDeleting] = useState<WebhookSummary | null>(null);
  const focusListAfterClose = useRef(false);
  useEffect(() => {
    // the deleted webhook (and its button, which had focus) is gone: land on the list, not on <body>
    if (deleting === null && focusListAfterClose.current) {
      focusListAfterClose.current = false;
      headingRef.current?.focus();
    }
  }, [deleting]);

  return (
    <div className={styles.stack}>
      <Card
        title="Add a webhook"
        description="Cutover POSTs each event to your endpoint, signed, and retries for 24 hours until it answers 2xx."
      >
        <CreateWebhookForm />
      </Card>
      <section aria-labelledby={headingId} className={styles.section}>
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className={styles.sectionTitle}>
          Your webhooks
        </h2>
        {webhooks.isPending ? (
          <LoadingBlock label="Loading webhooks…" />
        ) : webhooks.isError ? (
          <Callout tone="danger" title="Webhooks could not be loaded" role="alert">
            {errorMessage(webhooks.error)}
          </Callout>
        ) : webhooks.data.items.length === 0 ? (
          <EmptyState icon="zap" title="No webhooks yet">
            Add one above to hear about devices that need you (a manual retry, a failed switch), readiness
            alerts and each migration&rsquo;s morning summary.
          </EmptyState>
        ) : (
          <div className={styles.webhookList}>
            {webhooks.data.items.map((webhook) => (
              <WebhookItem key={webhook.id} webhook={webhook} onDelete={() => setDeleting(webhook)} />
            ))}
          </div>
        )}
      </section>
      {deleting && (
        <DeleteWebhookDialog
          webhook={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            focusListAfterClose.current = true;
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}

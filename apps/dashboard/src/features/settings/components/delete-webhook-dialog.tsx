import type { WebhookSummary } from '@cutover/domain';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Dialog } from '../../../components/ui/dialog';
import { useToast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteWebhook } from '../api/delete-webhook';
import styles from './settings.module.css';

/** The confirm step before DELETE /api/webhooks/{id}; Cancel has the first focus. */
export function DeleteWebhookDialog({
  webhook,
  onClose,
  onDeleted,
}: {
  webhook: WebhookSummary;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const toast = useToast();
  const remove = useDeleteWebhook({
    mutationConfig: {
      onSuccess: () => {
        toast({ tone: 'success', title: 'Webhook deleted', description: webhook.url });
        onDeleted();
      },
    },
  });
  return (
    <Dialog
      title="Delete this webhook?"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() => remove.mutate({ webhookId: webhook.id })}
          >
            Delete webhook
          </Button>
        </>
      }
    >
      <div className={styles.dialogStack}>
        <p>
          <span className={styles.break}>
            <strong>{webhook.url}</strong>
          </span>{' '}
          gets no more events, and deliveries still waiting for a retry are not sent.
        </p>
        {remove.isError && (
          <Callout tone="danger" role="alert">
            {errorMessage(remove.error)}
          </Callout>
        )}
      </div>
    </Dialog>
  );
}

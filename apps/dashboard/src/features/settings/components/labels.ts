import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEvent } from '@cutover/domain';
import type { BadgeTone } from '../../../components/ui/badge';

/** D18: what each event means, in the words of the "Add webhook" form. */
export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEvent, string>> = {
  'device.manual_retry_required': 'A device needs a manual retry',
  'device.switch_failed': 'A device’s switch to the new profile failed',
  'alert.raised': 'A readiness alert was raised',
  'migration.summary': 'The morning-after summary of a migration (12 h after cutover)',
};

export function deliveryEventLabel(event: WebhookDelivery['event']): string {
  return event === 'ping' ? 'ping (test)' : event;
}

export const DELIVERY_STATUS_BADGES: Readonly<
  Record<WebhookDeliveryStatus, { label: string; tone: BadgeTone }>
> = {
  pending: { label: 'Pending', tone: 'warning' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
};

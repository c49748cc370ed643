import { WEBHOOK_EVENTS, type WebhookCreated, type WebhookEvent } from '@cutover/domain';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Checkbox } from '../../../components/ui/checkbox';
import { Icon } from '../../../components/ui/icon';
import { TextField } from '../../../components/ui/text-field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useCreateWebhook } from '../api/create-webhook';
import { WEBHOOK_EVENT_LABELS } from './labels';
import { SecretOnceDialog } from './secret-once-dialog';
import styles from './settings.module.css';

interface WebhookFormValues {
  url: string;
  events: WebhookEvent[];
}

type WebhookFormErrors = Partial<Record<keyof WebhookFormValues, string>>;

const initialValues = (): WebhookFormValues => ({ url: '', events: [...WEBHOOK_EVENTS] });

/** Only the shape is checked here; which targets are allowed (https, no private addresses) the service decides. */
export function validateWebhookForm(values: WebhookFormValues): WebhookFormErrors {
  const errors: WebhookFormErrors = {};
  const url = values.url.trim();
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not an absolute URL
  }
  if (protocol !== 'https:' && protocol !== 'http:')
    errors.url = 'Enter the full address of your endpoint, starting with https://.';
  if (values.events.length === 0) errors.events = 'Choose at least one event.';
  return errors;
}

/** "Add webhook" (D18): on success the signing secret is shown once, in a dialog, and dropped when that closes. */
export function CreateWebhookForm() {
  const eventsErrorId = useId();
  const [values, setValues] = useState<WebhookFormValues>(initialValues);
  const [errors, setErrors] = useState<WebhookFormErrors>({});
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const create = useCreateWebhook({
    mutationConfig: {
      onSuccess: (webhook) => {
        setValues(initialValues());
        setCreated(webhook);
      },
    },
  });
  const serverErrors = create.error instanceof ApiError ? create.error.fieldProblems() : {};
  const shown = { ...serverErrors, ...errors };

  const toggle = (event: WebhookEvent, on: boolean) =>
    setValues({
      ...values,
      // kept in the contract's order, whatever order they were ticked in
      events: WEBHOOK_EVENTS.filter((e) => (e === event ? on : values.events.includes(e))),
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateWebhookForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ url: values.url.trim(), events: values.events });
  };

  const closeDialog = () => {
    setCreated(null);
    // the mutation keeps its last reply: forget the secret there too
    create.reset();
  };

  return (
    <>
      <form onSubmit={submit} noValidate className={styles.form} aria-label="Add webhook">
        {create.isError && (
          <Callout tone="danger" title="The webhook was not added" role="alert">
            {errorMessage(create.error)}
          </Callout>
        )}
        <TextField
          label="Endpoint URL"
          type="url"
          inputMode="url"
          value={values.url}
          onChange={(e) => setValues({ ...values, url: e.target.value })}
          error={shown.url}
          hint="An https:// address that accepts POST requests, e.g. a chat tool’s incoming webhook."
          placeholder="https://"
          required
          autoComplete="off"
          spellCheck={false}
        />
        <fieldset className={styles.fieldset} aria-describedby={shown.events ? eventsErrorId : undefined}>
          <legend className={styles.legend}>Events</legend>
          <div className={styles.checkboxes}>
            {WEBHOOK_EVENTS.map((event) => (
              <Checkbox
                key={event}
                checked={values.events.includes(event)}
                onChange={(e) => toggle(event, e.target.checked)}
                className={styles.eventOption}
                label={
                  <>
                    {WEBHOOK_EVENT_LABELS[event]} <code className={styles.eventCode}>{event}</code>
                  </>
                }
              />
            ))}
          </div>
          {shown.events && (
            <p className={styles.fieldError} id={eventsErrorId} role="alert">
              <Icon name="alertCircle" size={14} />
              {shown.events}
            </p>
          )}
        </fieldset>
        <div className={styles.formActions}>
          <Button type="submit" variant="primary" icon="plus" loading={create.isPending}>
            Add webhook
          </Button>
        </div>
      </form>
      {created && (
        <SecretOnceDialog
          title="Webhook added"
          secretLabel="Signing secret"
          secret={created.secret}
          what="this secret"
          onClose={closeDialog}
        >
          <p className={styles.muted}>
            Deliveries to <span className={styles.break}>{created.url}</span> are signed with it: check the{' '}
            <code>webhook-signature</code> header (Standard Webhooks, HMAC-SHA256) before trusting a request.
          </p>
        </SecretOnceDialog>
      )}
    </>
  );
}

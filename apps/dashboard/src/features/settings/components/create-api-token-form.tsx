import type { ApiTokenCreated } from '@cutover/domain';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { TextField } from '../../../components/ui/text-field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useCreateApiToken } from '../api/create-api-token';
import { SecretOnceDialog } from './secret-once-dialog';
import styles from './settings.module.css';

interface TokenFormValues {
  name: string;
  /** '' = never expires */
  expiresInDays: string;
}

type TokenFormErrors = Partial<Record<keyof TokenFormValues, string>>;

const EMPTY: TokenFormValues = { name: '', expiresInDays: '' };

export function validateTokenForm(values: TokenFormValues): TokenFormErrors {
  const errors: TokenFormErrors = {};
  if (values.name.trim() === '') errors.name = 'Name the token after the script or machine that uses it.';
  const days = values.expiresInDays.trim();
  if (days !== '' && !(Number.isInteger(Number(days)) && Number(days) > 0))
    errors.expiresInDays = 'Enter a whole number of days above 0, or leave it empty for no expiry.';
  return errors;
}

/** "Create token": on success the token is shown once, in a dialog, and dropped when that closes. */
export function CreateApiTokenForm() {
  const [values, setValues] = useState<TokenFormValues>(EMPTY);
  const [errors, setErrors] = useState<TokenFormErrors>({});
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const create = useCreateApiToken({
    mutationConfig: {
      onSuccess: (token) => {
        setValues(EMPTY);
        setCreated(token);
      },
    },
  });
  const serverErrors = create.error instanceof ApiError ? create.error.fieldProblems() : {};
  const shown = { ...serverErrors, ...errors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateTokenForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const days = values.expiresInDays.trim();
    create.mutate({ name: values.name.trim(), ...(days === '' ? {} : { expiresInDays: Number(days) }) });
  };

  const closeDialog = () => {
    setCreated(null);
    // the mutation keeps its last reply: forget the token there too
    create.reset();
  };

  return (
    <>
      <form onSubmit={submit} noValidate className={styles.form} aria-label="Create token">
        {create.isError && (
          <Callout tone="danger" title="The token was not created" role="alert">
            {errorMessage(create.error)}
          </Callout>
        )}
        <div className={styles.formRow}>
          <TextField
            label="Token name"
            value={values.name}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
            error={shown.name}
            hint="The script or machine that will use it, e.g. “RMM nightly export”."
            required
            maxLength={100}
            autoComplete="off"
          />
          <TextField
            label="Expires after (days)"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={values.expiresInDays}
            onChange={(e) => setValues({ ...values, expiresInDays: e.target.value })}
            error={shown.expiresInDays}
            placeholder="Never"
            hint="Empty: the token does not expire."
          />
        </div>
        <div className={styles.formActions}>
          <Button type="submit" variant="primary" icon="key" loading={create.isPending}>
            Create token
          </Button>
        </div>
      </form>
      {created && (
        <SecretOnceDialog
          title="Token created"
          secretLabel="API token"
          secret={created.token}
          what="this token"
          onClose={closeDialog}
        >
          <p className={styles.muted}>
            “{created.name}”{' '}
            {created.expiresAt ? `expires ${formatDateTime(created.expiresAt)}` : 'does not expire'}. Scripts
            send it as <code>Authorization: Bearer &lt;token&gt;</code>, with the same access as your partner
            account.
          </p>
        </SecretOnceDialog>
      )}
    </>
  );
}

import type { Migration } from '@cutover/domain';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Dialog } from '../../../components/ui/dialog';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { fromDateTimeLocalValue, toDateTimeLocalValue } from '../../../lib/format';
import { useCreateMigration } from '../api/create-migration';
import {
  MigrationFormFields,
  validateMigrationForm,
  type MigrationFormErrors,
  type MigrationFormValues,
} from './migration-form-fields';

function defaultCutover(): string {
  // next Friday 18:00 local: cutovers usually happen after close of business
  const date = new Date();
  date.setDate(date.getDate() + ((5 - date.getDay() + 7) % 7 || 7));
  date.setHours(18, 0, 0, 0);
  return toDateTimeLocalValue(date.toISOString());
}

export function CreateMigrationDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (migration: Migration) => void;
}) {
  const [values, setValues] = useState<MigrationFormValues>(() => ({
    customerName: '',
    cutoverAt: defaultCutover(),
    migrationType: 'exchange',
    maxConcurrentTransfers: '',
  }));
  const [errors, setErrors] = useState<MigrationFormErrors>({});
  const create = useCreateMigration({ mutationConfig: { onSuccess: (migration) => onCreated(migration) } });
  const serverErrors = create.error instanceof ApiError ? create.error.fieldProblems() : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateMigrationForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const cap = values.maxConcurrentTransfers.trim();
    create.mutate({
      customerName: values.customerName.trim(),
      cutoverAt: fromDateTimeLocalValue(values.cutoverAt)!,
      migrationType: values.migrationType,
      ...(cap === '' ? {} : { maxConcurrentTransfers: Number(cap) }),
    });
  };

  return (
    <Dialog
      title="New migration"
      description="One customer, one cutover. You get an enrollment key for the agent installer."
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate style={{ display: 'grid', gap: 20 }}>
        {create.isError && (
          <Callout tone="danger" role="alert">
            {errorMessage(create.error)}
          </Callout>
        )}
        <MigrationFormFields
          values={values}
          errors={{ ...serverErrors, ...errors }}
          onChange={setValues}
          typeEditable
        />
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={create.isPending}>
            Create migration
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

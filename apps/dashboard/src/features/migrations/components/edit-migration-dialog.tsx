import type { Migration, UpdateMigrationRequest } from '@cutover/domain';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Dialog } from '../../../components/ui/dialog';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { fromDateTimeLocalValue, toDateTimeLocalValue } from '../../../lib/format';
import { useUpdateMigration } from '../api/update-migration';
import {
  MigrationFormFields,
  validateMigrationForm,
  type MigrationFormErrors,
  type MigrationFormValues,
} from './migration-form-fields';

/** Edit the customer's name, the cutover time and the transfer cap; only changed fields are sent. */
export function EditMigrationDialog({
  migration,
  onClose,
  onSaved,
}: {
  migration: Migration;
  onClose: () => void;
  onSaved: (migration: Migration) => void;
}) {
  const [values, setValues] = useState<MigrationFormValues>(() => ({
    customerName: migration.customerName,
    cutoverAt: toDateTimeLocalValue(migration.cutoverAt),
    migrationType: migration.migrationType,
    maxConcurrentTransfers:
      migration.maxConcurrentTransfers === null ? '' : String(migration.maxConcurrentTransfers),
  }));
  const [errors, setErrors] = useState<MigrationFormErrors>({});
  const update = useUpdateMigration({ mutationConfig: { onSuccess: (saved) => onSaved(saved) } });
  const serverErrors = update.error instanceof ApiError ? update.error.fieldProblems() : {};
  const cutoverChanged = values.cutoverAt !== toDateTimeLocalValue(migration.cutoverAt);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateMigrationForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const data: UpdateMigrationRequest = {};
    if (values.customerName.trim() !== migration.customerName) data.customerName = values.customerName.trim();
    if (cutoverChanged) data.cutoverAt = fromDateTimeLocalValue(values.cutoverAt)!;
    const cap = values.maxConcurrentTransfers.trim() === '' ? null : Number(values.maxConcurrentTransfers);
    if (cap !== migration.maxConcurrentTransfers) data.maxConcurrentTransfers = cap;
    if (Object.keys(data).length === 0) {
      onClose();
      return;
    }
    update.mutate({ migrationId: migration.id, data });
  };

  return (
    <Dialog title="Edit migration" description={migration.customerName} onClose={onClose}>
      <form onSubmit={submit} noValidate style={{ display: 'grid', gap: 20 }}>
        {update.isError && (
          <Callout tone="danger" role="alert">
            {errorMessage(update.error)}
          </Callout>
        )}
        <MigrationFormFields
          values={values}
          errors={{ ...serverErrors, ...errors }}
          onChange={setValues}
          typeEditable={false}
        />
        {cutoverChanged && (
          <Callout tone="info" title="Scheduled retries will move with the cutover">
            Automatic profile-creation retries are recomputed for the new time; devices switch about 10
            minutes after it.
          </Callout>
        )}
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={update.isPending}>
            Save changes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

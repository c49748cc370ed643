import { MIGRATION_TYPES, type MigrationType } from '@cutover/domain';
import { SelectField, TextField } from '../../../components/ui/text-field';
import { MIGRATION_TYPE_LABELS } from './labels';
import styles from './migrations.module.css';

export interface MigrationFormValues {
  customerName: string;
  /** datetime-local value, local time */
  cutoverAt: string;
  migrationType: MigrationType;
  /** '' = no cap */
  maxConcurrentTransfers: string;
}

export type MigrationFormErrors = Partial<Record<keyof MigrationFormValues, string>>;

export function validateMigrationForm(values: MigrationFormValues): MigrationFormErrors {
  const errors: MigrationFormErrors = {};
  if (values.customerName.trim() === '') errors.customerName = 'Enter the customer’s name.';
  if (values.cutoverAt === '' || Number.isNaN(new Date(values.cutoverAt).getTime()))
    errors.cutoverAt = 'Pick the date and time of the cutover.';
  const cap = values.maxConcurrentTransfers.trim();
  if (cap !== '' && !(Number.isInteger(Number(cap)) && Number(cap) > 0))
    errors.maxConcurrentTransfers = 'Enter a whole number above 0, or leave it empty for no cap.';
  return errors;
}

/** The fields shared by "New migration" and "Edit migration"; the type cannot change after creation. */
export function MigrationFormFields({
  values,
  errors,
  onChange,
  typeEditable,
}: {
  values: MigrationFormValues;
  errors: MigrationFormErrors;
  onChange: (values: MigrationFormValues) => void;
  typeEditable: boolean;
}) {
  const set = <K extends keyof MigrationFormValues>(key: K, value: MigrationFormValues[K]) =>
    onChange({ ...values, [key]: value });
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className={styles.formGrid}>
      <TextField
        label="Customer name"
        value={values.customerName}
        onChange={(e) => set('customerName', e.target.value)}
        error={errors.customerName}
        required
        maxLength={200}
        placeholder="Contoso Ltd"
      />
      <TextField
        label="Cutover time"
        type="datetime-local"
        value={values.cutoverAt}
        onChange={(e) => set('cutoverAt', e.target.value)}
        error={errors.cutoverAt}
        hint={`Your local time (${timeZone}). Devices switch about 10 minutes after it.`}
        required
      />
      <div className={styles.twoCols}>
        {typeEditable ? (
          <SelectField
            label="Migration type"
            value={values.migrationType}
            onChange={(e) => set('migrationType', e.target.value as MigrationType)}
          >
            {MIGRATION_TYPES.map((type) => (
              <option key={type} value={type}>
                {MIGRATION_TYPE_LABELS[type]}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField
            label="Migration type"
            value={MIGRATION_TYPE_LABELS[values.migrationType]}
            readOnly
            disabled
          />
        )}
        <TextField
          label="Transfer cap"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={values.maxConcurrentTransfers}
          onChange={(e) => set('maxConcurrentTransfers', e.target.value)}
          error={errors.maxConcurrentTransfers}
          placeholder="No cap"
          hint={
            typeEditable && values.migrationType === 'pop3'
              ? 'POP3 gets a default cap when left empty.'
              : 'Switches running at once; empty for no cap.'
          }
        />
      </div>
    </div>
  );
}

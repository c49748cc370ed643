import { ValidateBy } from 'class-validator';
import { isStorableText, UNSTORABLE_TEXT_PROBLEM } from '../safe-input';

/**
 * A string PostgreSQL text can hold: no NUL, no unpaired surrogate. Bodies and queries are checked once for
 * every route before validation (safe-input.ts); this keeps a DTO right on its own (e.g. in a service test).
 */
export function StorableText(): PropertyDecorator {
  return ValidateBy({
    name: 'storableText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || isStorableText(value),
      defaultMessage: (args) => `${args?.property ?? 'field'} ${UNSTORABLE_TEXT_PROBLEM}`,
    },
  });
}

import { DomainError } from '@cutover/domain';
import { ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Request bodies and queries are validated from their DTO classes; a bad one is a 400 listing the fields. */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true, // agents in the field may send newer optional fields: drop them, don't fail
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const fields = details.map((d) => d.field).join(', ');
      return new DomainError(
        'VALIDATION_FAILED',
        `The request has invalid or missing fields: ${fields}.`,
        details,
      );
    },
  });
}

import { DomainError } from '@cutover/domain';
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { NOT_NULL, ONE_OF } from './dto/optional';

/** Constraints that say all there is to say about a field: listed alone (not "null must be a string" too). */
const DECISIVE = [NOT_NULL, ONE_OF];

function problemsOf(constraints: Record<string, string>): string[] {
  const decisive = DECISIVE.filter((name) => constraints[name] !== undefined);
  return decisive.length > 0 ? decisive.map((name) => constraints[name]) : Object.values(constraints);
}

/** Fields listed in a 400's details at most (a 100 000-item array of wrong values need not be echoed back). */
export const MAX_LISTED_PROBLEMS = 20;

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: problemsOf(error.constraints) }] : [];
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
      const all = flatten(errors);
      const details = all.slice(0, MAX_LISTED_PROBLEMS);
      const more = all.length > details.length ? ` and ${all.length - details.length} more` : '';
      return new DomainError(
        'VALIDATION_FAILED',
        `The request has invalid or missing fields: ${details.map((d) => d.field).join(', ')}${more}.`,
        details,
      );
    },
  });
}

import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';

/** Constraint names whose problem is the whole story of a field: validation.pipe.ts lists them alone. */
export const NOT_NULL = 'notNull';
export const ONE_OF = 'oneOf';

function notNull(): PropertyDecorator {
  return ValidateBy({
    name: NOT_NULL,
    validator: {
      validate: (value: unknown) => value !== null,
      defaultMessage: (args) => `${args?.property ?? 'field'} must not be null (leave it out instead)`,
    },
  });
}

/**
 * An optional DTO field: absent means "unchanged" or "the default", and the field's other validators are
 * skipped. null is not absent: it is a 400 naming the field, unless the contract gives null a meaning
 * (`{ nullable: true }`, e.g. maxConcurrentTransfers: null = no cap), when it is passed on as null.
 * Use this instead of class-validator's IsOptional, which lets null through to the service unchecked.
 */
export function Optional(options: { nullable?: boolean } = {}): PropertyDecorator {
  if (options.nullable)
    return ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    notNull(),
  );
}

/**
 * One of two fields that say the same thing two ways (bulk actions: `deviceIds` or `filter`): exactly one
 * must be sent, not null. Neither is a 400 on this field, both a 400 on both; the rest as Optional().
 */
export function OneOf(other: string): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    const name = String(property);
    applyDecorators(
      // validated when sent, or when the other is not (then it is the one missing)
      ValidateIf(
        (object: Record<string, unknown>, value: unknown) =>
          value !== undefined || object[other] === undefined,
      ),
      notNull(),
      ValidateBy({
        name: ONE_OF,
        validator: {
          validate: (value: unknown, args) =>
            value !== undefined && (args?.object as Record<string, unknown>)[other] === undefined,
          defaultMessage: () => `send either ${name} or ${other}, exactly one of them`,
        },
      }),
    )(target, property);
  };
}

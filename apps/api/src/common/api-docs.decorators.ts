import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED); `details` lists the fields.',
  401: 'Not signed in, or the session expired (UNAUTHENTICATED).',
  403: 'Refused: CSRF_REJECTED (not JSON, no X-Requested-With, and not from this origin), or SIGNUP_DISABLED.',
  404: 'Not found, or owned by another partner (answered the same way).',
  409: 'Conflict with the current state.',
  413: 'Request body too large.',
  415: 'The body must be JSON.',
  429: 'Too many attempts; wait Retry-After seconds.',
  503: 'Overloaded; wait Retry-After seconds.',
};

/** The same error replies as plain OpenAPI 3.0 response objects, for routes registered outside Nest's controllers. */
export function errorResponses(
  statuses: number[],
  overrides: Record<number, string> = {},
): Record<string, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: overrides[status] ?? ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${ErrorBodyDto.name}` } } },
        ...(status === 429 || status === 503
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds to wait before trying again.',
                  schema: { type: 'integer' },
                },
              },
            }
          : {}),
      },
    ]),
  );
}

/**
 * A JSON Schema (as ajv validates with) as an OpenAPI 3.0 schema: `type: [t, "null"]` becomes
 * `nullable`, `examples` the first `example`, and conditionals (`if`/`then`) are left to the description.
 */
export function toOpenApiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApiSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { type, examples, if: _if, then: _then, else: _else, ...rest } = schema as Record<string, unknown>;
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toOpenApiSchema(v)]))
        : toOpenApiSchema(value),
    ]),
  );
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    out.type = types.length === 1 ? types[0] : undefined;
    if (types.length !== type.length) out.nullable = true;
  } else if (type !== undefined) out.type = type;
  if (Array.isArray(examples) && examples.length > 0) out.example = examples[0];
  return out;
}

/** Documents error replies with the contract's error body; `overrides` gives a route-specific description. */
export function ApiErrorResponses(
  statuses: number[],
  overrides: Record<number, string> = {},
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: overrides[status] ?? ERROR_DESCRIPTIONS[status] ?? 'Error',
        type: ErrorBodyDto,
        ...(status === 429 || status === 503
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds to wait before trying again.',
                  schema: { type: 'integer' },
                },
              },
            }
          : {}),
      }),
    ),
  );
}

/** The errors every partner route can answer: 401 without a session, 403 for a cross-site form post. */
export const PARTNER_ERRORS = [401];
export const PARTNER_WRITE_ERRORS = [400, 401, 403];

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

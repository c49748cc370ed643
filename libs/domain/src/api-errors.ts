// Codes of the error body {"error":{"code","message","details"}} both APIs reply with (agent-protocol, partner-api).

export const API_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_ENROLLMENT_KEY',
  'NOT_FOUND',
  'COMMAND_NOT_FOUND',
  'DEVICE_NOT_FOUND',
  'MIGRATION_NOT_FOUND',
  'TOKEN_NOT_FOUND',
  'WEBHOOK_NOT_FOUND',
  'RESULT_CONFLICT',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'SIGNUP_DISABLED',
  'PAYLOAD_TOO_LARGE',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'OVERLOADED',
  'CSRF_REJECTED',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

// Each default message says what to do next, so a script author or technician is never left with just a code.
export const API_ERROR_MESSAGES: Readonly<Record<ApiErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid. Correct the fields listed in details and send it again.',
  UNAUTHENTICATED:
    'You are not signed in or your session has expired. Sign in again (an agent whose token stopped working must enroll again).',
  INVALID_ENROLLMENT_KEY:
    "The enrollment key is not valid. Copy the current key from the migration's Overview tab in the dashboard; rotated keys stop working.",
  NOT_FOUND: 'Nothing was found at this address. Check the link or id and try again.',
  COMMAND_NOT_FOUND:
    'This command does not exist for this device. Poll again to get the commands that are current for it.',
  DEVICE_NOT_FOUND:
    'The device was not found. It may have been removed or belong to another migration; reload the Devices tab.',
  MIGRATION_NOT_FOUND: 'The migration was not found. Reload the list of migrations and open it from there.',
  TOKEN_NOT_FOUND:
    'The API token was not found. Reload Settings → API tokens: it may have been revoked already.',
  WEBHOOK_NOT_FOUND: 'The webhook was not found. Reload Settings → Webhooks: it may have been deleted.',
  RESULT_CONFLICT:
    'A different result is already recorded for this command and cannot be changed. Poll again for the current commands.',
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead, or sign up with another email.',
  INVALID_CREDENTIALS: 'The email or password is wrong. Check both and try again.',
  SIGNUP_DISABLED: 'Sign-up is turned off on this service. Ask its operator for an account.',
  PAYLOAD_TOO_LARGE:
    'The request body is too large. Send less per request: split long device-id lists, or select devices by filter instead.',
  HEADERS_TOO_LARGE:
    'The request headers are too large. Send fewer or shorter headers (cookies included), then try again.',
  REQUEST_TIMEOUT: 'The request was not received in time. Check the connection, then send it again.',
  UNSUPPORTED_MEDIA_TYPE:
    'The request body must be JSON. Send it with the header content-type: application/json.',
  RATE_LIMITED: 'Too many requests. Wait the number of seconds in the Retry-After header, then try again.',
  OVERLOADED: 'The service is busy. Wait the number of seconds in the Retry-After header, then try again.',
  CSRF_REJECTED:
    'The request was refused because it did not come from the dashboard page. Reload the dashboard and try again.',
  INTERNAL:
    'Something went wrong on our side. Try again; if it keeps happening, report the request id shown with this error.',
};

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (API_ERROR_CODES as readonly string[]).includes(code);
}

// Services throw this with a catalogue code; one filter in the API maps the code to a status and the error body.
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string = API_ERROR_MESSAGES[code],
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

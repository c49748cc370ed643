import {
  AGENT_COMPONENTS,
  LONG_POLL_MAX_WAIT_SECONDS,
  LONG_POLL_MIN_WAIT_SECONDS,
  type PollRequest,
} from '@cutover/domain';

/** No NUL (PostgreSQL text cannot hold it) and no lone UTF-16 surrogate (not encodable as UTF-8): 400, not 500. */
export const AGENT_TEXT_PATTERN = '^[^\\u0000\\ud800-\\udfff]*$';
const text = (maxLength: number) => ({ type: ['string', 'null'], maxLength, pattern: AGENT_TEXT_PATTERN });
const bytes = { type: ['integer', 'null'], minimum: 0, maximum: Number.MAX_SAFE_INTEGER };

const SESSION_SCHEMA = {
  type: 'object',
  required: ['locked', 'userSignedIn'],
  properties: { locked: { type: 'boolean' }, userSignedIn: { type: 'boolean' } },
} as const;

/**
 * POST /api/agent/v1/poll, as the agent protocol gives it (PollRequest): the one schema the route
 * validates with (compiled once by ajv) and the API reference shows. Fields it does not know are
 * ignored, so newer agents may send more; optional fields may be null ("unknown").
 */
export const POLL_BODY_SCHEMA = {
  type: 'object',
  required: ['component'],
  properties: {
    component: {
      type: 'string',
      enum: [...AGENT_COMPONENTS],
      description: 'D1: each part of the agent polls on its own.',
    },
    session: {
      description:
        'Required for the client part (D9): `{ "locked": boolean, "userSignedIn": boolean }`; ignored for the service part.',
    },
    inventory: {
      type: ['object', 'null'],
      description: 'Updates the device and its readiness alerts (D3).',
      properties: {
        outlookVersion: { ...text(64), examples: ['16.0.4266.1001'] },
        agentVersion: { ...text(64), examples: ['1.4.2'] },
        freeDiskBytes: { ...bytes, examples: [52000000000] },
        localDataBytes: { ...bytes, examples: [1800000000] },
      },
    },
  },
  // D9: the client part reports its session; the service part's is ignored (whatever it is)
  if: { properties: { component: { const: 'client' } } },
  then: { required: ['session'], properties: { session: SESSION_SCHEMA } },
} as const;

/** The body after validation: a PollRequest whose optional fields may be null. */
export type PollBody = PollRequest;

/** `?waitSeconds=N` (1–30): the long poll. Anything else, repeated or empty included, is a 400. */
export function parseWaitSeconds(raw: unknown): { value?: number; problem?: string } {
  if (raw === undefined) return {};
  const ok =
    typeof raw === 'string' &&
    /^\d{1,2}$/.test(raw) &&
    Number(raw) >= LONG_POLL_MIN_WAIT_SECONDS &&
    Number(raw) <= LONG_POLL_MAX_WAIT_SECONDS;
  return ok
    ? { value: Number(raw) }
    : {
        problem: `waitSeconds must be a whole number from ${LONG_POLL_MIN_WAIT_SECONDS} to ${LONG_POLL_MAX_WAIT_SECONDS}`,
      };
}

/** The 200 reply (PollResponse): serialised by a compiled serializer. */
export const POLL_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    pollIntervalSeconds: { type: 'integer', description: 'D2: when to poll next.', examples: [120] },
    commands: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
            description: 'The same id on a re-delivery: the agent treats it as the same command.',
          },
          type: { type: 'string', enum: ['CREATE_PROFILE', 'SWITCH_PROFILE'] },
          issuedAt: { type: 'string', format: 'date-time' },
          leaseExpiresAt: {
            type: 'string',
            format: 'date-time',
            description: 'Not delivered again before this; a progress report extends it.',
          },
          payload: {
            type: 'object',
            description:
              'CREATE_PROFILE: `{ mailbox }`; SWITCH_PROFILE: `{ migrationType, transferLocalData }`.',
            additionalProperties: true,
          },
        },
        required: ['id', 'type', 'issuedAt', 'leaseExpiresAt', 'payload'],
      },
    },
  },
  required: ['pollIntervalSeconds', 'commands'],
} as const;

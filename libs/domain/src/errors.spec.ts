import {
  DEVICE_ERROR_CODES,
  ERROR_CATALOGUE,
  ERROR_DETAIL_MAX_LENGTH,
  READINESS_ALERT_CODES,
  describeError,
  isKnownDeviceErrorCode,
  troubleshootingUrl,
} from './errors';

// The codes an agent may send, as listed in contract/agent-protocol.md.
const AGENT_PROTOCOL_CODES = [
  'CREDENTIAL_PROMPT_TIMEOUT',
  'OUTLOOK_OUTDATED',
  'AUTODISCOVER_FAILED',
  'PROFILE_CREATION_FAILED',
  'OUTLOOK_RUNNING_AS_ADMIN',
  'DISK_FULL',
  'DATA_TRANSFER_FAILED',
  'NETWORK_UNAVAILABLE',
];

describe('error catalogue', () => {
  it('D6: covers every code of the agent protocol', () => {
    expect(DEVICE_ERROR_CODES).toEqual(expect.arrayContaining(AGENT_PROTOCOL_CODES));
  });

  it('D6: covers every readiness alert code', () => {
    expect(DEVICE_ERROR_CODES).toEqual(expect.arrayContaining([...READINESS_ALERT_CODES]));
  });

  it.each(DEVICE_ERROR_CODES)('D6: %s has a title, a message and an action', (code) => {
    const entry = ERROR_CATALOGUE[code];
    expect(entry.title.length).toBeGreaterThan(0);
    expect(entry.message.length).toBeGreaterThan(20);
    expect(entry.action.length).toBeGreaterThan(20);
  });

  it('D6: OUTLOOK_RUNNING_AS_ADMIN tells the partner to close the elevated Outlook and retry', () => {
    expect(ERROR_CATALOGUE.OUTLOOK_RUNNING_AS_ADMIN.action).toMatch(
      /Close Outlook started with "Run as administrator"/,
    );
    expect(ERROR_CATALOGUE.OUTLOOK_RUNNING_AS_ADMIN.action).toMatch(/retry profile creation/);
  });

  it.each(DEVICE_ERROR_CODES)('D6: %s links to its troubleshooting page', (code) => {
    expect(troubleshootingUrl(code)).toBe(`/troubleshooting/${code}`);
  });
});

describe('isKnownDeviceErrorCode', () => {
  it.each<[string, boolean]>([
    ['AUTODISCOVER_FAILED', true],
    ['UNKNOWN_ERROR', true],
    ['SERVICE_UNREACHABLE', true],
    ['MAILBOX_ON_MARS', false],
    ['autodiscover_failed', false],
    ['', false],
    ['toString', false],
  ])('D6: %p is known: %p', (code, expected) => {
    expect(isKnownDeviceErrorCode(code)).toBe(expected);
  });
});

describe('describeError', () => {
  it('D6: a known code gets its own message, action and link', () => {
    expect(describeError('AUTODISCOVER_FAILED')).toEqual({
      code: 'AUTODISCOVER_FAILED',
      message: ERROR_CATALOGUE.AUTODISCOVER_FAILED.message,
      action: ERROR_CATALOGUE.AUTODISCOVER_FAILED.action,
      troubleshootingUrl: '/troubleshooting/AUTODISCOVER_FAILED',
    });
  });

  it("D6: an unknown code keeps its code but is shown with UNKNOWN_ERROR's text and link", () => {
    expect(describeError('MAILBOX_ON_MARS')).toEqual({
      code: 'MAILBOX_ON_MARS',
      message: ERROR_CATALOGUE.UNKNOWN_ERROR.message,
      action: ERROR_CATALOGUE.UNKNOWN_ERROR.action,
      troubleshootingUrl: '/troubleshooting/UNKNOWN_ERROR',
    });
  });

  it.each<[string, string | null | undefined, string]>([
    ['no detail', undefined, ERROR_CATALOGUE.DISK_FULL.message],
    ['null detail', null, ERROR_CATALOGUE.DISK_FULL.message],
    ['blank detail', '   ', ERROR_CATALOGUE.DISK_FULL.message],
    ['a detail', ' 1.2 GB free on C: ', `${ERROR_CATALOGUE.DISK_FULL.message} Detail: 1.2 GB free on C:`],
  ])('D6: appends the agent detail to the message (%s)', (_name, detail, expected) => {
    expect(describeError('DISK_FULL', detail).message).toBe(expected);
  });

  it('D6: cuts a long agent detail so the Devices tab stays readable', () => {
    const { message } = describeError('DISK_FULL', 'x'.repeat(64 * 1024));
    const shown = message.slice(`${ERROR_CATALOGUE.DISK_FULL.message} Detail: `.length);
    expect(shown).toHaveLength(ERROR_DETAIL_MAX_LENGTH);
    expect(shown.endsWith('…')).toBe(true);
  });
});

import { isKnownDeviceErrorCode } from '../errors';
import { AGENT_REPORTED_ERROR_CODES } from './agent-protocol';

describe('AGENT_REPORTED_ERROR_CODES', () => {
  it.each(AGENT_REPORTED_ERROR_CODES)('%s is a code of the D6 catalogue', (code) => {
    expect(isKnownDeviceErrorCode(code)).toBe(true);
  });

  it('lists each code once', () => {
    expect(new Set(AGENT_REPORTED_ERROR_CODES).size).toBe(AGENT_REPORTED_ERROR_CODES.length);
  });
});

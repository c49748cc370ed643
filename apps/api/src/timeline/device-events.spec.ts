import { describeDeviceEvent } from './device-events';

describe('describeDeviceEvent (the one-line text of a timeline entry)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'enrolled',
      { hostname: 'PC-0042', windowsUser: 'CONTOSO\\alice', userEmail: null, agentVersion: '1.4.2' },
      'Enrolled PC-0042 for CONTOSO\\alice (agent 1.4.2)',
    ],
    [
      'command_queued',
      {
        commandId: 'c',
        commandType: 'CREATE_PROFILE',
        source: 'retry',
        availableAt: '2026-11-27T22:39:00.000Z',
      },
      'CREATE_PROFILE queued (automatic retry), available from 2026-11-27T22:39:00.000Z',
    ],
    [
      'command_delivered',
      { commandId: 'c', commandType: 'SWITCH_PROFILE', deliveryCount: 2, leaseExpiresAt: 'T' },
      'SWITCH_PROFILE delivered again (delivery 2), leased until T',
    ],
    [
      'progress',
      { commandId: 'c', commandType: 'SWITCH_PROFILE', stage: 'transferring_data', percent: 42 },
      'SWITCH_PROFILE: transferring data 42%',
    ],
    [
      'command_failed',
      { commandId: 'c', commandType: 'CREATE_PROFILE', errorCode: 'DISK_FULL', message: 'C: full' },
      'CREATE_PROFILE failed: DISK_FULL (C: full)',
    ],
    [
      'manual_retry_required',
      { reason: 'credential_prompt_timeout' },
      'Manual retry required: a prompt went unanswered: retry it when the user is at the PC',
    ],
    [
      'status_changed',
      { from: 'profile_failed', to: 'creating_profile' },
      'Status: Profile creation failed → Creating profile',
    ],
    ['alert_raised', { code: 'SERVICE_UNREACHABLE', detail: null }, 'Alert raised: SERVICE_UNREACHABLE'],
  ])('%s', (type, detail, text) => {
    expect(describeDeviceEvent(type, detail)).toBe(text);
  });

  it('an unknown type (from a newer version) shows its detail as JSON, or nothing', () => {
    expect(describeDeviceEvent('future_thing', { a: 1 })).toBe('{"a":1}');
    expect(describeDeviceEvent('future_thing', {})).toBeNull();
  });
});

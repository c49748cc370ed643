import { parseCli } from './cli';

describe('parseCli', () => {
  it('parses the options into fleet options', () => {
    const parsed = parseCli([
      '--enrollment-key',
      'k',
      '--base-url',
      'http://127.0.0.1:4000',
      '--scenario',
      'load',
      '--devices',
      '20',
      '--speed',
      '600',
      '--seed',
      'abc',
      '--duration',
      '30',
      '--long-poll',
      '--wait-seconds',
      '10',
      '--create-failure',
      'AUTODISCOVER_FAILED=0.1',
      '--create-failure',
      'DISK_FULL=0.05',
      '--switch-failure',
      'none',
    ]);
    expect(parsed).toMatchObject({
      help: false,
      fleet: {
        baseUrl: 'http://127.0.0.1:4000',
        enrollmentKey: 'k',
        scenario: 'load',
        seed: 'abc',
        durationMs: 30_000,
        longPollSeconds: 10,
        overrides: {
          devices: 20,
          speed: 600,
          createFailureRates: { AUTODISCOVER_FAILED: 0.1, DISK_FULL: 0.05 },
          switchFailureRates: {},
        },
      },
    });
  });

  it('--base-url repeated: several replicas; once: a single URL', () => {
    expect(
      parseCli([
        '--enrollment-key',
        'k',
        '--base-url',
        'http://127.0.0.1:4001',
        '--base-url',
        'http://127.0.0.1:4002',
      ]),
    ).toMatchObject({ fleet: { baseUrl: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'] } });
    expect(parseCli(['--enrollment-key', 'k', '--base-url', 'http://127.0.0.1:4001'])).toMatchObject({
      fleet: { baseUrl: 'http://127.0.0.1:4001' },
    });
  });

  it('long polls only with --long-poll', () => {
    expect(parseCli(['--enrollment-key', 'k'])).toMatchObject({
      fleet: { longPollSeconds: 0, durationMs: 0, progressEveryMs: 5000 },
    });
  });

  it('D13: takes the migration type (POP3 PCs hold more local data) and the shares tight on disk and without an email', () => {
    expect(
      parseCli([
        '--enrollment-key',
        'k',
        '--migration-type',
        'pop3',
        '--tight-disk-rate',
        '0.2',
        '--no-email-rate',
        '0.1',
      ]),
    ).toMatchObject({
      fleet: { migrationType: 'pop3', overrides: { tightDiskRate: 0.2, noEmailRate: 0.1 } },
    });
    expect(parseCli(['--enrollment-key', 'k'])).toMatchObject({ fleet: { migrationType: undefined } });
    expect(() => parseCli(['--enrollment-key', 'k', '--migration-type', 'lotus'])).toThrow(
      '--migration-type must be one of exchange, imap, pop3, google',
    );
  });

  it('--help needs nothing else', () => {
    expect(parseCli(['--help'])).toEqual({ help: true });
  });

  it('says what to fix', () => {
    expect(() => parseCli([])).toThrow('--enrollment-key is required');
    expect(() => parseCli(['--enrollment-key', 'k', '--devices', 'many'])).toThrow(
      '--devices must be a number',
    );
    expect(() => parseCli(['--enrollment-key', 'k', '--create-failure', 'DISK_FULL'])).toThrow('CODE=rate');
    expect(() => parseCli(['--enrollment-key', 'k', '--nope'])).toThrow("Unknown option '--nope'");
  });
});

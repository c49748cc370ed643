import { createHash } from 'node:crypto';
import request from 'supertest';
import { makeMigration, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import { createAgentTestApp, deviceEvents, openAlerts, TestAgent } from './agent-client';

jest.setTimeout(60_000);

describe('agent protocol: POST /api/agent/v1/enroll', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
    migration = await makeMigration(t.db, { pollIntervalSeconds: 90 });
  });
  afterAll(async () => {
    await t.close();
  });

  const enroll = (body: Record<string, unknown>) => request(t.server).post('/api/agent/v1/enroll').send(body);

  it('enrolls with the full request shape of the contract: 201 with deviceId, token and poll interval', async () => {
    const res = await enroll({
      enrollmentKey: migration.enrollmentKey,
      hostname: 'PC-0042',
      windowsUser: 'CONTOSO\\alice',
      userEmail: 'alice@contoso.com',
      osVersion: '10.0.19045',
      outlookVersion: '16.0.4266.1001',
      agentVersion: '1.4.2',
    }).expect(201);
    expect(res.body).toEqual({
      deviceId: expect.any(String),
      deviceToken: expect.any(String),
      pollIntervalSeconds: 90,
    });
    const [device] = await t.db.query(`SELECT * FROM device WHERE id = $1`, [res.body.deviceId]);
    expect(device).toMatchObject({
      migration_id: migration.id,
      partner_id: migration.partnerId,
      hostname: 'PC-0042',
      windows_user: 'CONTOSO\\alice',
      user_email: 'alice@contoso.com',
      os_version: '10.0.19045',
      outlook_version: '16.0.4266.1001',
      agent_version: '1.4.2',
      status: 'enrolled',
    });
    const events = await deviceEvents(t, res.body.deviceId);
    expect(events.map((e) => e.type)).toEqual(['enrolled', 'alert_raised']);
    expect(events[0].detail).toMatchObject({
      hostname: 'PC-0042',
      windowsUser: 'CONTOSO\\alice',
      agentVersion: '1.4.2',
    });
  });

  it('enrolls with only the required fields', async () => {
    const res = await enroll({
      enrollmentKey: migration.enrollmentKey,
      hostname: 'PC-MIN',
      windowsUser: 'u',
    }).expect(201);
    expect(res.body.pollIntervalSeconds).toBe(90);
  });

  it('issues a token of at least 128 random bits and stores only its SHA-256 hash', async () => {
    const a = await TestAgent.enroll(t, migration.enrollmentKey, { hostname: 'PC-TOKEN' });
    const b = await TestAgent.enroll(t, migration.enrollmentKey, { hostname: 'PC-TOKEN-2' });
    expect(a.token).not.toBe(b.token);
    expect(Buffer.from(a.token.replace(/^cdt_/, ''), 'base64url').length).toBeGreaterThanOrEqual(16);
    const [row] = await t.db.query(`SELECT token_hash FROM device WHERE id = $1`, [a.deviceId]);
    expect(row.token_hash).toBe(createHash('sha256').update(a.token).digest('hex'));
    const leaks = await t.db.query(
      `SELECT 1 FROM device WHERE token_hash = $1 OR hostname = $1 UNION ALL SELECT 1 FROM device_event WHERE detail::text LIKE $2`,
      [a.token, `%${a.token}%`],
    );
    expect(leaks).toHaveLength(0);
  });

  it('re-enrollment with the same key, hostname and windowsUser returns the same deviceId and a new token; the old one is 401', async () => {
    const first = await TestAgent.enroll(t, migration.enrollmentKey, {
      hostname: 'PC-AGAIN',
      windowsUser: 'CONTOSO\\bob',
    });
    await first.servicePoll();
    const second = await TestAgent.enroll(t, migration.enrollmentKey, {
      hostname: 'PC-AGAIN',
      windowsUser: 'CONTOSO\\bob',
      agentVersion: '1.5.0',
    });
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.token).not.toBe(first.token);
    const old = await first.post('/poll').send({ component: 'service' }).expect(401);
    expect(old.body.error.code).toBe('UNAUTHENTICATED');
    await second.servicePoll();
    const types = (await deviceEvents(t, first.deviceId)).map((e) => e.type);
    expect(types.filter((x) => x === 'enrolled')).toHaveLength(1);
    expect(types).toContain('reenrolled');
    const [row] = await t.db.query(`SELECT agent_version, user_email FROM device WHERE id = $1`, [
      first.deviceId,
    ]);
    expect(row).toEqual({ agent_version: '1.5.0', user_email: 'alice@contoso.com' });
  });

  it('another windowsUser on the same PC is another device', async () => {
    const a = await TestAgent.enroll(t, migration.enrollmentKey, {
      hostname: 'PC-SHARED',
      windowsUser: 'CONTOSO\\a',
    });
    const b = await TestAgent.enroll(t, migration.enrollmentKey, {
      hostname: 'PC-SHARED',
      windowsUser: 'CONTOSO\\b',
    });
    expect(a.deviceId).not.toBe(b.deviceId);
  });

  it('a bad or rotated enrollment key is 401 INVALID_ENROLLMENT_KEY', async () => {
    const res = await enroll({ enrollmentKey: 'nope', hostname: 'PC-1', windowsUser: 'u' }).expect(401);
    expect(res.body.error).toMatchObject({ code: 'INVALID_ENROLLMENT_KEY', message: expect.any(String) });
    const other = await makeMigration(t.db);
    const before = await TestAgent.enroll(t, other.enrollmentKey, { hostname: 'PC-ROT' });
    await t.db.query(`UPDATE migration SET enrollment_key = 'rotated-key' WHERE id = $1`, [other.id]);
    await enroll({ enrollmentKey: other.enrollmentKey, hostname: 'PC-ROT2', windowsUser: 'u' }).expect(401);
    // devices enrolled before the rotation keep working
    await before.servicePoll();
  });

  it('D3: an outdated Outlook at enrollment raises OUTLOOK_OUTDATED, one older than 2010 OUTLOOK_UNSUPPORTED', async () => {
    const outdated = await TestAgent.enroll(t, migration.enrollmentKey, { outlookVersion: '15.0.4420.1017' });
    expect(await openAlerts(t, outdated.deviceId)).toEqual(['OUTLOOK_OUTDATED']);
    const ancient = await TestAgent.enroll(t, migration.enrollmentKey, { outlookVersion: '12.0.6425.1000' });
    expect(await openAlerts(t, ancient.deviceId)).toEqual(['OUTLOOK_UNSUPPORTED']);
    const fine = await TestAgent.enroll(t, migration.enrollmentKey, { outlookVersion: '16.0.17928.20114' });
    expect(await openAlerts(t, fine.deviceId)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['missing hostname', { windowsUser: 'u' }, ['hostname']],
    ['missing windowsUser', { hostname: 'PC' }, ['windowsUser']],
    ['empty hostname', { hostname: '', windowsUser: 'u' }, ['hostname']],
    ['hostname of 254 characters', { hostname: 'x'.repeat(254), windowsUser: 'u' }, ['hostname']],
    ['windowsUser of 257 characters', { hostname: 'PC', windowsUser: 'x'.repeat(257) }, ['windowsUser']],
    ['hostname as a number', { hostname: 42, windowsUser: 'u' }, ['hostname']],
    [
      'userEmail that is not an address',
      { hostname: 'PC', windowsUser: 'u', userEmail: 'alice' },
      ['userEmail'],
    ],
    ['NUL in windowsUser', { hostname: 'PC', windowsUser: 'a\u0000b' }, ['windowsUser']],
  ])('400 VALIDATION_FAILED listing the field: %s', async (_name, body, fields) => {
    const res = await enroll({ enrollmentKey: migration.enrollmentKey, ...body }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(fields);
  });

  it('a hostname of exactly 253 and a windowsUser of exactly 256 characters are fine', async () => {
    await enroll({
      enrollmentKey: migration.enrollmentKey,
      hostname: 'h'.repeat(253),
      windowsUser: 'w'.repeat(256),
    }).expect(201);
  });
});

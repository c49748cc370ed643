import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createAgentTestApp, TestAgent } from '../agent/agent-client';
import type { TestApp } from '../test-app';
import {
  createMigration,
  makeDevices,
  type Partner,
  putMappingCsv,
  putMappingJson,
  signUp,
  snapshot,
} from './factories';

jest.setTimeout(120_000);

describe('partner API: mailbox mapping (D15)', () => {
  let t: TestApp;
  let p: Partner;

  beforeAll(async () => {
    t = await createAgentTestApp();
    p = await signUp(t);
  });
  beforeEach(() => {
    // three days before cutover: CREATE_PROFILE is due on the first poll
    t.clock.set('2026-11-25T12:00:00.000Z');
  });
  afterAll(async () => {
    await t.close();
  });

  async function freshMigration(): Promise<{ id: string; partnerId: string; enrollmentKey: string }> {
    const m = await createMigration(p);
    return { id: m.id, partnerId: p.partnerId, enrollmentKey: m.enrollmentKey };
  }
  const putCsv = (migrationId: string, csv: string | Buffer, who: Partner = p) =>
    putMappingCsv(who, migrationId, csv);
  const putJson = (migrationId: string, items: unknown[], who: Partner = p) =>
    putMappingJson(who, migrationId, items);
  const mailboxes = async (ids: string[]) =>
    (await t.db.query(`SELECT id, mailbox FROM device WHERE id = ANY($1::uuid[])`, [ids])).reduce(
      (out: Record<string, string | null>, r: { id: string; mailbox: string | null }) => {
        out[r.id] = r.mailbox;
        return out;
      },
      {},
    );
  const mappingRows = async (migrationId: string) =>
    t.db.query(
      `SELECT identity_key, identity, mailbox FROM mailbox_mapping WHERE migration_id = $1 ORDER BY identity_key`,
      [migrationId],
    );

  it('D15: imports CSV with a BOM, CRLF and quoted fields; matches email and DOMAIN\\user case-insensitively', async () => {
    const m = await freshMigration();
    const [alice, bob, carol, other] = await makeDevices(t.db, m, [
      { hostname: 'PC-A', windowsUser: 'CONTOSO\\alice', userEmail: 'Alice@Contoso.com' },
      { hostname: 'PC-B', windowsUser: 'contoso\\Bob', userEmail: null },
      { hostname: 'PC-C', windowsUser: 'CONTOSO\\carol', userEmail: 'carol@contoso.com' },
      { hostname: 'PC-D', windowsUser: 'CONTOSO\\dave', userEmail: 'dave@contoso.com' },
    ]);
    const csv =
      '\uFEFFidentity,mailbox\r\n' +
      'ALICE@contoso.COM,alice@contoso.onmicrosoft.com\r\n' +
      '"CONTOSO\\BOB","bob@contoso.onmicrosoft.com"\r\n' +
      '\r\n' +
      '"Carol, the ""boss""\\x",carol.x@contoso.onmicrosoft.com\r\n' +
      'nobody@contoso.com,nobody@contoso.onmicrosoft.com\r\n';
    const res = await putCsv(m.id, csv).expect(200);
    expect(res.body).toEqual({ imported: 4, matchedDevices: 2, rejected: [] });
    expect(await mailboxes([alice, bob, carol, other])).toEqual({
      [alice]: 'alice@contoso.onmicrosoft.com',
      [bob]: 'bob@contoso.onmicrosoft.com',
      [carol]: null,
      [other]: null,
    });
    // identity kept as given, key lower-cased; the quoted field with a comma and quotes read whole
    expect(await mappingRows(m.id)).toEqual(
      expect.arrayContaining([
        { identity_key: 'contoso\\bob', identity: 'CONTOSO\\BOB', mailbox: 'bob@contoso.onmicrosoft.com' },
        {
          identity_key: 'carol, the "boss"\\x',
          identity: 'Carol, the "boss"\\x',
          mailbox: 'carol.x@contoso.onmicrosoft.com',
        },
      ]),
    );
    const activity = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
    expect(activity.body.items[0]).toMatchObject({
      action: 'mailbox_mapping.imported',
      actor: { userId: p.userId },
      data: { format: 'csv', imported: 4, matchedDevices: 2, changedDevices: 2 },
      detail: 'Mailbox mapping replaced from a CSV file: 4 mappings, 2 devices mapped, 2 devices changed',
    });
  });

  it('D15: imports JSON; the email mapping wins over the Windows user mapping', async () => {
    const m = await freshMigration();
    const [both, userOnly] = await makeDevices(t.db, m, [
      { windowsUser: 'CONTOSO\\erin', userEmail: 'erin@contoso.com' },
      { windowsUser: 'CONTOSO\\frank', userEmail: 'frank@old.example' },
    ]);
    const res = await putJson(m.id, [
      { identity: 'contoso\\ERIN', mailbox: 'erin.by-user@contoso.onmicrosoft.com' },
      { identity: 'Erin@Contoso.com', mailbox: 'erin@contoso.onmicrosoft.com' },
      { identity: 'CONTOSO\\frank', mailbox: 'frank@contoso.onmicrosoft.com' },
    ]).expect(200);
    expect(res.body).toEqual({ imported: 3, matchedDevices: 2, rejected: [] });
    expect(await mailboxes([both, userOnly])).toEqual({
      [both]: 'erin@contoso.onmicrosoft.com',
      [userOnly]: 'frank@contoso.onmicrosoft.com',
    });
  });

  it('D15: any bad line is a 422 naming line and reason, and nothing changes', async () => {
    const m = await freshMigration();
    const [device] = await makeDevices(t.db, m, [
      { windowsUser: 'CONTOSO\\gina', userEmail: 'gina@contoso.com' },
    ]);
    await putJson(m.id, [{ identity: 'gina@contoso.com', mailbox: 'gina@contoso.onmicrosoft.com' }]).expect(
      200,
    );
    const before = await snapshot(t.db);
    const mappingsBefore = await mappingRows(m.id);

    const csv = [
      'identity,mailbox',
      'CONTOSO\\gina,gina.new@contoso.onmicrosoft.com',
      'harry@contoso.com',
      ',empty@contoso.onmicrosoft.com',
      'ivan@contoso.com,not-an-address',
      'contoso\\GINA,dup@contoso.onmicrosoft.com',
      'nul\u0000@contoso.com,x@contoso.onmicrosoft.com',
      'jane@contoso.com,jane@contoso.onmicrosoft.com',
    ].join('\n');
    const res = await putCsv(m.id, csv).expect(422);
    expect(res.body).toEqual({
      imported: 0,
      matchedDevices: 0,
      rejected: [
        { line: 3, reason: 'missing column: each line needs identity,mailbox' },
        { line: 4, reason: 'identity is empty' },
        { line: 5, reason: 'mailbox must be an email address (the Office 365 address)' },
        { line: 6, reason: 'duplicate identity (case-insensitive): already on line 2' },
        { line: 7, reason: 'contains NUL or unpaired surrogate characters' },
      ],
    });
    // one bad line at the very end of a long file rejects it too
    const long = ['identity,mailbox'];
    for (let i = 0; i < 500; i++) long.push(`user${i}@contoso.com,user${i}@contoso.onmicrosoft.com`);
    long.push('CONTOSO\\x,nope');
    expect((await putCsv(m.id, long.join('\r\n')).expect(422)).body.rejected).toEqual([
      { line: 502, reason: 'mailbox must be an email address (the Office 365 address)' },
    ]);
    // JSON: the line is the item's position
    const json = await putJson(m.id, [
      { identity: 'kim@contoso.com', mailbox: 'kim@contoso.onmicrosoft.com' },
      { identity: 'KIM@contoso.com', mailbox: 'kim2@contoso.onmicrosoft.com' },
      { identity: 'kim', mailbox: 'kim@contoso.onmicrosoft.com' },
    ]).expect(422);
    expect(json.body).toEqual({
      imported: 0,
      matchedDevices: 0,
      rejected: [
        { line: 2, reason: 'duplicate identity (case-insensitive): already on line 1' },
        { line: 3, reason: 'identity must be an email address or DOMAIN\\user' },
      ],
    });
    expect(await snapshot(t.db)).toEqual(before);
    expect(await mappingRows(m.id)).toEqual(mappingsBefore);
    expect(await mailboxes([device])).toEqual({ [device]: 'gina@contoso.onmicrosoft.com' });
  });

  it('D15: a second import replaces the mapping: old ones are gone and their devices lose the mapped mailbox', async () => {
    const m = await freshMigration();
    const [lena, mike] = await makeDevices(t.db, m, [
      { windowsUser: 'CONTOSO\\lena', userEmail: 'lena@contoso.com' },
      { windowsUser: 'CONTOSO\\mike', userEmail: 'mike@contoso.com' },
    ]);
    await putJson(m.id, [
      { identity: 'lena@contoso.com', mailbox: 'lena@contoso.onmicrosoft.com' },
      { identity: 'mike@contoso.com', mailbox: 'mike@contoso.onmicrosoft.com' },
    ]).expect(200);
    const res = await putCsv(
      m.id,
      'identity,mailbox\nCONTOSO\\mike,mike.new@contoso.onmicrosoft.com\n',
    ).expect(200);
    expect(res.body).toEqual({ imported: 1, matchedDevices: 1, rejected: [] });
    expect(await mappingRows(m.id)).toEqual([
      {
        identity_key: 'contoso\\mike',
        identity: 'CONTOSO\\mike',
        mailbox: 'mike.new@contoso.onmicrosoft.com',
      },
    ]);
    expect(await mailboxes([lena, mike])).toEqual({
      [lena]: null,
      [mike]: 'mike.new@contoso.onmicrosoft.com',
    });
    // an empty file (header only) clears the mapping
    expect((await putCsv(m.id, 'identity,mailbox\r\n').expect(200)).body).toEqual({
      imported: 0,
      matchedDevices: 0,
      rejected: [],
    });
    expect(await mailboxes([lena, mike])).toEqual({ [lena]: null, [mike]: null });
  });

  it('D15: devices enrolled before and after the import get CREATE_PROFILE with the mapped address', async () => {
    const m = await freshMigration();
    const before = await TestAgent.enroll(t, m.enrollmentKey, {
      windowsUser: 'CONTOSO\\nina',
      userEmail: 'nina@contoso.com',
    });
    // no email and a plain DOMAIN\user: only the mapping can name its mailbox
    const unknown = await TestAgent.enroll(t, m.enrollmentKey, {
      windowsUser: 'CONTOSO\\oscar',
      userEmail: null,
    });
    await putCsv(
      m.id,
      'identity,mailbox\nNINA@contoso.com,nina@contoso.onmicrosoft.com\ncontoso\\OSCAR,oscar@contoso.onmicrosoft.com\n' +
        'CONTOSO\\Paul,paul@contoso.onmicrosoft.com\n',
    ).expect(200);
    const after = await TestAgent.enroll(t, m.enrollmentKey, {
      windowsUser: 'contoso\\paul',
      userEmail: 'paul@old.example',
    });
    expect(await mailboxes([after.deviceId])).toEqual({ [after.deviceId]: 'paul@contoso.onmicrosoft.com' });
    expect((await before.next('CREATE_PROFILE')).payload).toEqual({
      mailbox: 'nina@contoso.onmicrosoft.com',
    });
    expect((await unknown.next('CREATE_PROFILE')).payload).toEqual({
      mailbox: 'oscar@contoso.onmicrosoft.com',
    });
    expect((await after.next('CREATE_PROFILE')).payload).toEqual({
      mailbox: 'paul@contoso.onmicrosoft.com',
    });
    // re-enrolling takes the mapping again (here: none any more after a new import)
    await putCsv(m.id, 'identity,mailbox\n').expect(200);
    const [{ hostname }] = await t.db.query(`SELECT hostname FROM device WHERE id = $1`, [after.deviceId]);
    const again = await TestAgent.enroll(t, m.enrollmentKey, { hostname, windowsUser: 'contoso\\paul' });
    expect(again.deviceId).toBe(after.deviceId);
    expect(await mailboxes([again.deviceId])).toEqual({ [again.deviceId]: null });
  });

  it('D15: a mapping imported after a failed CREATE_PROFILE applies to the retry (cached state dropped)', async () => {
    const m = await freshMigration();
    const agent = await TestAgent.enroll(t, m.enrollmentKey, {
      windowsUser: 'CONTOSO\\quinn',
      userEmail: 'quinn@old.example',
    });
    const first = await agent.next('CREATE_PROFILE');
    expect(first.payload).toEqual({ mailbox: 'quinn@old.example' });
    await agent.fail(first.id, 'AUTODISCOVER_FAILED');
    await putJson(m.id, [{ identity: 'CONTOSO\\quinn', mailbox: 'quinn@contoso.onmicrosoft.com' }]).expect(
      200,
    );
    const { next_retry_at: retryAt } = await agent.device();
    expect(retryAt).not.toBeNull();
    t.clock.set(new Date(retryAt!.getTime()));
    expect((await agent.next('CREATE_PROFILE')).payload).toEqual({
      mailbox: 'quinn@contoso.onmicrosoft.com',
    });
  });

  it('GET pages the mapping by identity with the devices each applies to, and a total', async () => {
    const m = await freshMigration();
    const [rita, sam1, sam2] = await makeDevices(t.db, m, [
      { hostname: 'PC-R', windowsUser: 'CONTOSO\\rita', userEmail: 'rita@contoso.com' },
      { hostname: 'PC-S1', windowsUser: 'CONTOSO\\sam', userEmail: null },
      { hostname: 'PC-S2', windowsUser: 'contoso\\SAM', userEmail: null },
    ]);
    await putJson(m.id, [
      { identity: 'Rita@contoso.com', mailbox: 'rita@contoso.onmicrosoft.com' },
      { identity: 'CONTOSO\\Sam', mailbox: 'sam@contoso.onmicrosoft.com' },
      { identity: 'CONTOSO\\rita', mailbox: 'rita.user@contoso.onmicrosoft.com' },
      { identity: 'adam@contoso.com', mailbox: 'adam@contoso.onmicrosoft.com' },
    ]).expect(200);
    const first = await p.agent
      .get(`/api/migrations/${m.id}/mailbox-mappings`)
      .query({ limit: 2 })
      .expect(200);
    expect(first.body).toEqual({
      items: [
        { identity: 'adam@contoso.com', mailbox: 'adam@contoso.onmicrosoft.com', deviceIds: [] },
        // rita's email mapping wins: her Windows user mapping applies to no device
        { identity: 'CONTOSO\\rita', mailbox: 'rita.user@contoso.onmicrosoft.com', deviceIds: [] },
      ],
      nextCursor: expect.any(String),
      total: 4,
    });
    const second = await p.agent
      .get(`/api/migrations/${m.id}/mailbox-mappings`)
      .query({ limit: 2, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body).toEqual({
      items: [
        { identity: 'CONTOSO\\Sam', mailbox: 'sam@contoso.onmicrosoft.com', deviceIds: [sam1, sam2].sort() },
        { identity: 'Rita@contoso.com', mailbox: 'rita@contoso.onmicrosoft.com', deviceIds: [rita] },
      ],
      nextCursor: null,
      total: 4,
    });
    const all = await p.agent.get(`/api/migrations/${m.id}/mailbox-mappings`).expect(200);
    expect(all.body.items).toHaveLength(4);
    await p.agent.get(`/api/migrations/${m.id}/mailbox-mappings`).query({ cursor: 'nope' }).expect(400);
    await p.agent.get(`/api/migrations/${m.id}/mailbox-mappings`).query({ limit: 0 }).expect(400);
  });

  it('tenancy: another partner gets 404 on both routes and changes nothing; a foreign id answers like a missing one', async () => {
    const m = await freshMigration();
    await putJson(m.id, [{ identity: 'tom@contoso.com', mailbox: 'tom@contoso.onmicrosoft.com' }]).expect(
      200,
    );
    const other = await signUp(t);
    const before = await snapshot(t.db);
    for (const id of [m.id, randomUUID()]) {
      const csv = await putCsv(
        id,
        'identity,mailbox\ntom@contoso.com,evil@contoso.onmicrosoft.com\n',
        other,
      ).expect(404);
      const json = await putJson(id, [{ identity: 'x', mailbox: 'y' }], other).expect(404);
      const get = await other.agent.get(`/api/migrations/${id}/mailbox-mappings`).expect(404);
      for (const res of [csv, json, get]) expect(res.body.error.code).toBe('MIGRATION_NOT_FOUND');
    }
    expect(await snapshot(t.db)).toEqual(before);
    expect(await mappingRows(m.id)).toEqual([
      {
        identity_key: 'tom@contoso.com',
        identity: 'tom@contoso.com',
        mailbox: 'tom@contoso.onmicrosoft.com',
      },
    ]);
  });

  it('the body: text/csv only on this route, CSRF header needed for CSV, a JSON body without items is a 400', async () => {
    const m = await freshMigration();
    await p.agent
      .put(`/api/migrations/${m.id}/mailbox-mappings`)
      .set('content-type', 'text/csv')
      .send('identity,mailbox\n')
      .expect(403);
    await p.agent
      .post(`/api/migrations/${m.id}/devices/actions`)
      .set('content-type', 'text/csv')
      .set('x-requested-with', 'XMLHttpRequest')
      .send('a,b\n')
      .expect(415);
    const bad = await p.agent.put(`/api/migrations/${m.id}/mailbox-mappings`).send({ rows: [] }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    await request(t.server)
      .put(`/api/migrations/${m.id}/mailbox-mappings`)
      .set('content-type', 'text/csv')
      .set('x-requested-with', 'XMLHttpRequest')
      .send('identity,mailbox\n')
      .expect(401);
  });
});

import request from 'supertest';
import { createTestApp, type TestApp } from './test-app';

describe('health and the schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /api/health answers ok when the database answers', async () => {
    const res = await request(t.server).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok' });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('runs the committed migrations at start', async () => {
    const tables: { table_name: string }[] = await t.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'activity',
        'alert',
        'app_user',
        'command',
        'device',
        'device_event',
        'migration',
        'partner',
        'user_session',
      ]),
    );
    const applied: { name: string }[] = await t.db.query(`SELECT name FROM migrations`);
    expect(applied.map((r) => r.name)).toContain('InitialSchema1764072000000');
  });

  it('allows only one outstanding command per device (unique partial index)', async () => {
    const [partner] = await t.db.query(`INSERT INTO partner (name) VALUES ('P') RETURNING id`);
    const [migration] = await t.db.query(
      `INSERT INTO migration (partner_id, customer_name, cutover_at, migration_type, enrollment_key)
       VALUES ($1, 'C', now(), 'exchange', 'k1') RETURNING id`,
      [partner.id],
    );
    const [device] = await t.db.query(
      `INSERT INTO device (migration_id, partner_id, hostname, windows_user, token_hash)
       VALUES ($1, $2, 'PC-1', 'u', 'h') RETURNING id`,
      [migration.id, partner.id],
    );
    const insert = `INSERT INTO command (device_id, migration_id, type) VALUES ($1, $2, 'CREATE_PROFILE')`;
    await t.db.query(insert, [device.id, migration.id]);
    await expect(t.db.query(insert, [device.id, migration.id])).rejects.toThrow(
      /command_one_outstanding_key/,
    );
  });

  it('answers unknown API paths with the contract error body', async () => {
    const res = await request(t.server).get('/api/nope').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: null } });
    await request(t.server).post('/api/nope').send({}).expect(404);
  });

  it('rejects malformed JSON with 400 and the contract body', async () => {
    const res = await request(t.server)
      .post('/api/nope')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

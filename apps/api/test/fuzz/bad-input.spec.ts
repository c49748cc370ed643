import { Logger } from '@nestjs/common';
import request from 'supertest';
import { toErrorReply } from '../../src/common/api-exception.filter';
import { encodeCursor } from '../../src/common/page-cursor';
import { DevicesRepository } from '../../src/devices/devices.repository';
import { createAgentTestApp, TestAgent } from '../agent/agent-client';
import { createMigration, makeDevices, type Partner, signUp, snapshot } from '../partner/factories';
import type { TestApp } from '../test-app';
import { rawRequest, replyProblems } from './contract-reply';

jest.setTimeout(120_000);

/** The bad inputs, one by one: each was a 500 (or worse), each is now a 400 naming the field. */
describe('bad input gets a 400 with the contract body, never a 5xx', () => {
  let t: TestApp;
  let p: Partner;
  let migration: { id: string; enrollmentKey: string };
  let agent: TestAgent;
  let command: string;

  beforeAll(async () => {
    t = await createAgentTestApp();
    p = await signUp(t);
    migration = await createMigration(p, { customerName: 'Contoso' });
    await makeDevices(t.db, { id: migration.id, partnerId: p.partnerId }, [
      { hostname: ';=1+1', windowsUser: 'CONTOSO\\a;b' },
      { hostname: 'PC-0002' },
    ]);
    agent = await TestAgent.enroll(t, migration.enrollmentKey, { hostname: 'PC-BAD-INPUT' });
    command = (await agent.next()).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const fieldsOf = (res: request.Response): string[] =>
    (res.body.error?.details ?? []).map((d: { field: string }) => d.field);
  function expect400(res: request.Response, field: string): void {
    expect(replyProblems(res.status, res.body, { status: 400, fields: [field] })).toEqual([]);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  }
  const json = (req: request.Test, raw: string) => req.set('content-type', 'application/json').send(raw);

  it('JSON nested 3 000 deep (18 KB) is a 400 on every JSON route, unauthenticated ones included', async () => {
    const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    expect(deep.length).toBeGreaterThan(18_000);
    const body = `{"email":${deep},"hostname":${deep}}`;
    const routes: [string, request.Test][] = [
      ['login', request(t.server).post('/api/auth/login')],
      ['signup', request(t.server).post('/api/auth/signup')],
      ['logout', request(t.server).post('/api/auth/logout')],
      ['enroll', request(t.server).post('/api/agent/v1/enroll')],
      ['poll', agent.post('/poll')],
      ['progress', agent.post(`/commands/${command}/progress`)],
      ['result', agent.post(`/commands/${command}/result`)],
      ['create migration', p.agent.post('/api/migrations')],
      ['patch migration', p.agent.patch(`/api/migrations/${migration.id}`)],
      ['bulk', p.agent.post(`/api/migrations/${migration.id}/devices/actions`)],
    ];
    for (const [name, req] of routes) {
      const res = await json(req, body);
      expect({
        name,
        problems: replyProblems(res.status, res.body, { status: 400, fields: ['email'] }),
      }).toEqual({
        name,
        problems: [],
      });
      expect(res.body.error.details).toContainEqual({
        field: 'email',
        problems: ['email is nested deeper than 64 levels'],
      });
    }
    // a body that is itself deeply nested names the body
    expect400(
      await json(request(t.server).post('/api/auth/login'), '['.repeat(3000) + ']'.repeat(3000)),
      'body',
    );
  });

  it('a lone UTF-16 surrogate in agent inventory, signup email, partnerName or customerName is a 400 naming the field', async () => {
    const before = await snapshot(t.db);
    expect400(
      await json(agent.post('/poll'), '{"component":"service","inventory":{"outlookVersion":"16.0\\ud800"}}'),
      'inventory.outlookVersion',
    );
    expect400(
      await json(
        request(t.server).post('/api/auth/signup'),
        '{"partnerName":"Fabrikam","email":"a\\ud800@fabrikam.example","password":"correct horse battery"}',
      ),
      'email',
    );
    expect400(
      await json(
        request(t.server).post('/api/auth/signup'),
        '{"partnerName":"Fabrikam \\udc00","email":"ops@fabrikam.example","password":"correct horse battery"}',
      ),
      'partnerName',
    );
    expect400(
      await p.agent.post('/api/migrations').send({
        customerName: 'Contoso \ud800',
        cutoverAt: '2026-11-28T22:00:00Z',
        migrationType: 'exchange',
      }),
      'customerName',
    );
    expect400(
      await p.agent.patch(`/api/migrations/${migration.id}`).send({ customerName: 'x\udfff' }),
      'customerName',
    );
    expect400(
      await agent.post('/poll').send({ component: 'service', inventory: { agentVersion: '\ud83d' } }),
      'inventory.agentVersion',
    );
    expect400(
      await request(t.server)
        .post('/api/agent/v1/enroll')
        .send({ enrollmentKey: migration.enrollmentKey, hostname: 'PC-\ud800', windowsUser: 'CONTOSO\\x' }),
      'hostname',
    );
    // a valid pair is text like any other
    await request(t.server)
      .post('/api/agent/v1/enroll')
      .send({
        enrollmentKey: migration.enrollmentKey,
        hostname: 'PC-\ud83d\ude00',
        windowsUser: 'CONTOSO\\emoji',
      })
      .expect(201);
    const after = await snapshot(t.db);
    expect(after.partner).toEqual(before.partner);
    expect(after.migration).toEqual(before.migration);
  });

  it('a NUL in login email, customerName, q, a cursor or any query value is a 400 naming the field', async () => {
    expect400(
      await request(t.server).post('/api/auth/login').send({ email: 'a\u0000b@x.example', password: 'x' }),
      'email',
    );
    expect400(
      await p.agent.post('/api/migrations').send({
        customerName: 'Con\u0000toso',
        cutoverAt: '2026-11-28T22:00:00Z',
        migrationType: 'exchange',
      }),
      'customerName',
    );
    expect400(await p.agent.get(`/api/migrations/${migration.id}/devices?q=pc%00`), 'q');
    expect400(
      await p.agent.get(`/api/migrations/${migration.id}/devices?status=enrolled&status=%00`),
      'status',
    );
    expect400(await p.agent.get(`/api/migrations/${migration.id}/alerts?whatever=%00`), 'whatever');
    expect400(await agent.post('/poll?waitSeconds=%00').send({ component: 'service' }), 'waitSeconds');
    const cursor = encodeCursor(['pc\u0000', '3f1b0c1e-0000-4000-8000-000000000000']);
    expect400(await p.agent.get(`/api/migrations/${migration.id}/devices?cursor=${cursor}`), 'cursor');
    const surrogateCursor = encodeCursor(['\ud800', '3f1b0c1e-0000-4000-8000-000000000000']);
    expect400(
      await p.agent.get(`/api/migrations/${migration.id}/devices?cursor=${surrogateCursor}`),
      'cursor',
    );
    expect400(
      await p.agent.post(`/api/migrations/${migration.id}/devices/actions`).send({
        action: 'retry-profile-creation',
        filter: { q: 'pc\u0000' },
      }),
      'filter.q',
    );
  });

  it('huge arrays: over 101 000 values in a body is a 400 naming the field, before the DTO transform walks them', async () => {
    const junk = Array.from({ length: 1_000_000 }, () => ({}));
    const began = Date.now();
    const res = await request(t.server)
      .post('/api/auth/login')
      .send({ email: 'a@b.example', password: 'x', junk });
    expect400(res, 'junk');
    expect(Date.now() - began).toBeLessThan(10_000); // was 20 s of blocked event loop for this 3 MB body
    // a filter that is an array is one problem, not one per item (it was 100 000 details, 10 MB)
    const bulk = await p.agent
      .post(`/api/migrations/${migration.id}/devices/actions`)
      .send({ action: 'retry-profile-creation', filter: Array.from({ length: 50_000 }, () => 0) });
    expect400(bulk, 'filter');
    expect(bulk.body.error.details).toHaveLength(1);
  });

  it('GET devices.csv?q=%00 is a 400 with the contract body before the reply starts (was 200, then a reset)', async () => {
    const res = await p.agent.get(`/api/migrations/${migration.id}/devices.csv?q=%00`);
    expect400(res, 'q');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('CSV export: the first batch runs before the reply starts, so a failing query is an error reply', async () => {
    const repository = t.app.get(DevicesRepository);
    const invalid = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    const spy = jest.spyOn(repository, 'page').mockRejectedValueOnce(invalid);
    try {
      const res = await p.agent.get(`/api/migrations/${migration.id}/devices.csv`);
      expect400(res, 'request');
    } finally {
      spy.mockRestore();
    }
    // and the export itself still works
    await p.agent.get(`/api/migrations/${migration.id}/devices.csv`).expect(200);
  });

  it('CSV export: cells with the separator or ; are quoted, so ;=1+1 cannot become a formula in ; locales', async () => {
    const res = await p.agent.get(`/api/migrations/${migration.id}/devices.csv`).expect(200);
    const row = (res.text as string).split('\r\n').find((line) => line.startsWith('";=1+1"'));
    expect(row).toBeDefined();
    expect(row).toContain(',"CONTOSO\\a;b",');
  });

  it('PATCH: customerName, cutoverAt or pollIntervalSeconds null is a 400 naming it and changes nothing', async () => {
    const before = (await p.agent.get(`/api/migrations/${migration.id}`).expect(200)).body;
    for (const field of ['customerName', 'cutoverAt', 'pollIntervalSeconds']) {
      const res = await p.agent.patch(`/api/migrations/${migration.id}`).send({ [field]: null });
      expect400(res, field);
      expect(res.body.error.details).toEqual([
        { field, problems: [`${field} must not be null (leave it out instead)`] },
      ]);
    }
    const after = (await p.agent.get(`/api/migrations/${migration.id}`).expect(200)).body;
    expect(after).toEqual(before);
    // null where the contract gives it a meaning: maxConcurrentTransfers null = no cap
    await p.agent.patch(`/api/migrations/${migration.id}`).send({ maxConcurrentTransfers: 3 }).expect(200);
    const uncapped = await p.agent
      .patch(`/api/migrations/${migration.id}`)
      .send({ maxConcurrentTransfers: null })
      .expect(200);
    expect(uncapped.body.maxConcurrentTransfers).toBeNull();
  });

  it('POST /api/migrations: pollIntervalSeconds null is a 400; maxConcurrentTransfers null is no cap', async () => {
    const body = { customerName: 'Northwind', cutoverAt: '2026-11-28T22:00:00Z', migrationType: 'pop3' };
    expect400(
      await p.agent.post('/api/migrations').send({ ...body, pollIntervalSeconds: null }),
      'pollIntervalSeconds',
    );
    expect400(await p.agent.post('/api/migrations').send({ ...body, customerName: null }), 'customerName');
    const res = await p.agent
      .post('/api/migrations')
      .send({ ...body, maxConcurrentTransfers: null })
      .expect(201);
    expect(res.body.maxConcurrentTransfers).toBeNull();
  });

  it('agent protocol unchanged for valid input: optional enroll fields and a result message may be null ("unknown")', async () => {
    await request(t.server)
      .post('/api/agent/v1/enroll')
      .send({
        enrollmentKey: migration.enrollmentKey,
        hostname: 'PC-NULL-EMAIL',
        windowsUser: 'CONTOSO\\x',
        userEmail: null,
      })
      .expect(201);
    const res = await request(t.server)
      .post('/api/agent/v1/enroll')
      .send({
        enrollmentKey: migration.enrollmentKey,
        hostname: 'PC-NULLS',
        windowsUser: 'CONTOSO\\nulls',
        userEmail: 'nulls@contoso.example',
        osVersion: null,
        outlookVersion: null,
        agentVersion: null,
      })
      .expect(201);
    const nulls = new TestAgent(t, res.body.deviceId, res.body.deviceToken);
    const created = await nulls.poll();
    expect(created.commands).toHaveLength(1);
    await nulls
      .result(created.commands[0].id, { status: 'succeeded', errorCode: null, message: null } as never)
      .expect(200, { recorded: true });
  });

  it('431: headers too large get the contract body, on the partner API and on the agent poll (lean instance)', async () => {
    const padding = 'x'.repeat(20 * 1024);
    for (const res of [
      await p.agent.get('/api/auth/me').set('x-padding', padding),
      await request(t.server).post('/api/auth/login').set('x-padding', padding).send({}),
      await agent.post('/poll').set('x-padding', padding).send({ component: 'service' }),
    ]) {
      expect(replyProblems(res.status, res.body, { status: 431 })).toEqual([]);
      expect(res.body.error.code).toBe('HEADERS_TOO_LARGE');
    }
  });

  it('a malformed request line or header gets a 400 with the contract body, not Node’s bare reply', async () => {
    for (const raw of [
      'GARBAGE\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
      'POST /api/agent/v1/poll HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    ]) {
      const reply = await rawRequest(t, raw);
      expect(replyProblems(reply.status, reply.body, { status: 400, fields: ['request'] })).toEqual([]);
    }
  });

  it('safety net: PostgreSQL data errors only input can cause are a 400 VALIDATION_FAILED, logged as a validation gap', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const driverError = async (sql: string, params: unknown[]) =>
        t.db.query(sql, params).then(
          () => {
            throw new Error(`${sql} did not fail`);
          },
          (error: unknown) => error,
        );
      const cases: [unknown, string][] = [
        [await driverError('SELECT $1::text AS x', ['a\u0000b']), '22021'],
        [await driverError('SELECT $1::int AS x', ['abc']), '22P02'],
        [await driverError('SELECT $1::int AS x', ['99999999999']), '22003'],
        [
          Object.assign(new Error('value too long for type character varying(3)'), { code: '22001' }),
          '22001',
        ],
        [Object.assign(new Error('character has no equivalent'), { code: '22P05' }), '22P05'],
        [Object.assign(new Error('stack depth limit exceeded'), { code: '54001' }), '54001'],
      ];
      for (const [error, sqlState] of cases) {
        const { status, body } = toErrorReply(error, 'request-42');
        expect({ sqlState, status, code: body.error.code }).toEqual({
          sqlState,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(fieldsOf({ body } as request.Response)).toEqual(['request']);
        expect(warn).toHaveBeenLastCalledWith(expect.objectContaining({ requestId: 'request-42', sqlState }));
      }
      // anything else from the database is still a logged 500, not a 400
      const other = toErrorReply(
        Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }),
        'request-43',
      );
      expect(other.status).toBe(500);
    } finally {
      warn.mockRestore();
    }
  });
});

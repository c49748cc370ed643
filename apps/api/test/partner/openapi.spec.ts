import * as fs from 'node:fs';
import { Reflector } from '@nestjs/core';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { listRoutes } from '../../src/auth/route-kind';
import { createTestApp, type TestApp } from '../test-app';
import { makeDevices, type Partner, raiseAlert, signUp } from './factories';

jest.setTimeout(60_000);

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable: true` becomes "or null" (also next to a $ref). */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, example: _example, ...rest } = schema as Json;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, k === 'properties' ? mapValues(v as Json) : toJsonSchema(v)]),
  );
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
}
function mapValues(o: Json): Json {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toJsonSchema(v)]));
}

describe('OpenAPI document (/api/docs, /api/docs-json)', () => {
  let t: TestApp;
  let doc: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Json } };
  let ajv: Ajv;
  let p: Partner;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await request(t.server).get('/api/docs-json').expect(200);
    doc = res.body;
    // `OPENAPI_DUMP=/tmp/openapi.json npm test -- openapi.spec` writes it for an OpenAPI linter
    if (process.env.OPENAPI_DUMP) fs.writeFileSync(process.env.OPENAPI_DUMP, JSON.stringify(doc, null, 2));
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: { schemas: mapValues(doc.components.schemas) } });
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  function operations(): { method: string; path: string; op: Json }[] {
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
    );
  }

  /** The schema a reply with this status must match. */
  function validatorFor(method: string, path: string, status: number): ValidateFunction {
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`not documented: ${method} ${path}`);
    const response = (op.responses as Record<string, Json>)[String(status)];
    if (!response) throw new Error(`${method} ${path} does not document status ${status}`);
    const schema = (response.content as Record<string, { schema: Json }>)['application/json'].schema;
    const ref = JSON.stringify(schema).replace(/#\/components/g, 'doc#/components');
    return ajv.compile(toJsonSchema(JSON.parse(ref)) as Json);
  }

  function expectValid(method: string, path: string, res: request.Response): void {
    const validate = validatorFor(method, path, res.status);
    const ok = validate(res.body);
    if (!ok)
      throw new Error(
        `${method.toUpperCase()} ${path} ${res.status} does not match its schema: ${ajv.errorsText(validate.errors)}`,
      );
  }

  it('is OpenAPI 3 with a title, both security schemes and the docs page', async () => {
    expect(String(doc.openapi)).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'Cutover API', version: '1' });
    expect((doc.components as Json).securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'cutover_session' },
      deviceToken: { type: 'http', scheme: 'bearer' },
      apiToken: { type: 'http', scheme: 'bearer' },
    });
    const page = await request(t.server).get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // the CSP allows only same-origin scripts: the page must not need inline ones
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const init = await request(t.server).get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('Cutover API');
  });

  it('documents every route, and every operation has a summary, its responses and its security', () => {
    const routes = listRoutes(t.app, t.app.get(Reflector));
    const documented = new Set(operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    for (const r of routes) expect(documented).toContain(`${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.size).toBe(routes.length);
    const kinds = new Map(
      routes.map((r) => [`${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`, r.kind]),
    );
    const ids = new Set<string>();
    for (const { method, path, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({
        where,
        summary: typeof op.summary === 'string' && (op.summary as string).length > 10,
      }).toEqual({ where, summary: true });
      const statuses = Object.keys(op.responses as Json);
      expect({ where, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ where, success: true });
      for (const s of statuses)
        expect({ where, s, description: Boolean(((op.responses as Json)[s] as Json).description) }).toEqual({
          where,
          s,
          description: true,
        });
      expect(Array.isArray(op.security)).toBe(true);
      const kind = kinds.get(`${method} ${path}`);
      const expected =
        kind === 'public'
          ? []
          : kind === 'agent'
            ? [{ deviceToken: [] }]
            : [{ session: [] }, { apiToken: [] }];
      expect({ where, security: op.security }).toEqual({ where, security: expected });
      if (kind === 'partner')
        expect({ where, has401: statuses.includes('401') }).toEqual({ where, has401: true });
      expect(ids.has(op.operationId as string)).toBe(false);
      ids.add(op.operationId as string);
      for (const param of (op.parameters as Json[] | undefined) ?? []) {
        if (param.in === 'path') expect(path).toContain(`{${String(param.name)}}`);
      }
    }
  });

  it('real replies match the documented schemas', async () => {
    const me = await p.agent.get('/api/auth/me').expect(200);
    expectValid('get', '/api/auth/me', me);
    const created = await p.agent
      .post('/api/migrations')
      .send({ customerName: 'Schema Co', cutoverAt: '2026-12-01T20:00:00Z', migrationType: 'pop3' })
      .expect(201);
    expectValid('post', '/api/migrations', created);
    const m = created.body;
    const [failed] = await makeDevices(t.db, { id: m.id, partnerId: p.partnerId }, [
      {
        status: 'profile_failed',
        errorCode: 'AUTODISCOVER_FAILED',
        errorMessage: 'no answer',
        nextRetryAt: t.clock.now(),
        lastSeenAt: t.clock.now(),
        locked: false,
      },
      { status: 'switching', progressStage: 'transferring_data', progressPercent: 12, userEmail: null },
    ]);
    await raiseAlert(
      t.db,
      { id: failed, migrationId: m.id },
      'OUTLOOK_OUTDATED',
      t.clock.now(),
      '15.0.4420.1017',
    );
    expectValid('get', '/api/migrations', await p.agent.get('/api/migrations').expect(200));
    expectValid('get', '/api/migrations/{id}', await p.agent.get(`/api/migrations/${m.id}`).expect(200));
    expectValid(
      'patch',
      '/api/migrations/{id}',
      await p.agent.patch(`/api/migrations/${m.id}`).send({ maxConcurrentTransfers: null }).expect(200),
    );
    const list = await p.agent.get(`/api/migrations/${m.id}/devices`).query({ limit: 1 }).expect(200);
    expect(list.body.nextCursor).not.toBeNull();
    expectValid('get', '/api/migrations/{id}/devices', list);
    expectValid('get', '/api/devices/{id}', await p.agent.get(`/api/devices/${failed}`).expect(200));
    expectValid(
      'get',
      '/api/migrations/{id}/alerts',
      await p.agent.get(`/api/migrations/${m.id}/alerts`).expect(200),
    );
    const bulk = await p.agent
      .post(`/api/migrations/${m.id}/devices/actions`)
      .send({ action: 'retry-profile-creation', filter: {} })
      .expect(202);
    expectValid('post', '/api/migrations/{id}/devices/actions', bulk);
    const activity = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
    expectValid('get', '/api/migrations/{id}/activity', activity);

    // errors have the documented error body
    expectValid(
      'get',
      '/api/migrations/{id}',
      await p.agent.get('/api/migrations/00000000-0000-4000-8000-000000000000').expect(404),
    );
    expectValid('post', '/api/migrations', await p.agent.post('/api/migrations').send({}).expect(400));
    expectValid('get', '/api/auth/me', await request(t.server).get('/api/auth/me').expect(401));
    const rotated = await p.agent.post(`/api/migrations/${m.id}/enrollment-key/rotate`).send({}).expect(200);
    expectValid('post', '/api/migrations/{id}/enrollment-key/rotate', rotated);
    const enroll = await request(t.server)
      .post('/api/agent/v1/enroll')
      .send({ enrollmentKey: rotated.body.enrollmentKey, hostname: 'PC-DOC', windowsUser: 'CONTOSO\\doc' })
      .expect(201);
    expectValid('post', '/api/agent/v1/enroll', enroll);
  });
});

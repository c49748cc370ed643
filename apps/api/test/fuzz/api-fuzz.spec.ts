import { randomUUID } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import request from 'supertest';
import { listRoutes, type RouteInfo } from '../../src/auth/route-kind';
import { encodeCursor } from '../../src/common/page-cursor';
import { MAX_JSON_DEPTH } from '../../src/common/safe-input';
import { buildOpenApiDocument } from '../../src/openapi/openapi';
import { createAgentTestApp, TestAgent } from '../agent/agent-client';
import { createMigration, makeDevices, PASSWORD, type Partner, signUp } from '../partner/factories';
import type { TestApp } from '../test-app';
import { type Expectation, rawRequest, replyProblems } from './contract-reply';
import { prng } from './prng';

jest.setTimeout(300_000);

/**
 * Every route of both APIs (listRoutes: a new route is fuzzed as soon as it exists), with requests generated
 * from its OpenAPI operation and a seeded PRNG: wrong types, null for every field, missing required fields,
 * NUL and lone surrogates in every string field and query value, deep nesting, huge arrays, unknown and
 * malformed ids and cursors, over-long strings, bodies that are not objects, oversized headers. No reply may
 * be a 5xx, every error has exactly the contract body, every 400 lists its fields; where the contract says
 * exactly what is wrong (null where null means nothing, unstorable text, nesting, a required field missing,
 * a string over its documented maxLength, a malformed cursor), the 400 names that field.
 */

const SEED = 20261201;
const MIN_REQUESTS = 5000;
const RANDOM_PER_ROUTE = 170;
const CONCURRENCY = 8;

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  $ref?: string;
}
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
}

type Json = unknown;
const LONG = (n: number) => 'x'.repeat(n);
const nested = (depth: number): Json => {
  let value: Json = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};
const DEEP = nested(3000);
const DEEPISH = nested(MAX_JSON_DEPTH + 2);
const HUGE_ARRAY = Array.from({ length: 120_000 }, (_, i) => i % 7);
const HUGE_STRINGS = Array.from({ length: 20_000 }, () => 'ab');

/** Strings no route may accept: PostgreSQL cannot store NUL, UTF-8 cannot encode a lone surrogate. */
const UNSTORABLE = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ude00\ud83d', `${LONG(50)}\u0000`];
const WRONG_TYPES: Json[] = [
  42,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  true,
  false,
  '',
  ' ',
  'string',
  '0',
  'true',
  'null',
  [],
  [1],
  ['a', null],
  {},
  { a: 1 },
  { $gt: '' },
  '2026-02-30T25:61:00Z',
  '../../etc/passwd',
  "1' OR '1'='1",
  '<script>alert(1)</script>',
  '=1+1',
  '\ud83d\ude00',
  'ñ'.repeat(300),
];
/** Query values, URL-encoded as sent. Small positive integers are left out: waitSeconds=5 would hold a poll. */
const QUERY_VALUES = [
  '',
  '%20',
  '-1',
  '0',
  '1.5',
  '1e400',
  '99999999999999999999',
  'NaN',
  'true',
  'null',
  '%5B%5D',
  '%7B%7D',
  'abc',
  '%E2%82%AC',
  '%ED%A0%80', // a surrogate as (invalid) UTF-8
  '%C0%80', // overlong NUL
  '%FF%FE',
  '%',
  '%zz',
  encodeURIComponent(LONG(5000)),
  'enrolled,nope',
  encodeURIComponent("1' OR '1'='1"),
];
const QUERY_UNSTORABLE = ['%00', 'a%00b', `${LONG(10)}%00`];
const UUID_LIKE = '0b7c8f5e-4a7e-4c59-9c1e-0d4f2f1b9a11';
const BAD_CURSORS = [
  'abc',
  '!!!',
  encodeCursor(['only-one']),
  encodeCursor(['a\u0000', UUID_LIKE]),
  encodeCursor(['\ud800', UUID_LIKE]),
  encodeCursor(['2026-01-01T00:00:00Z\u0000', '1']),
  Buffer.from('{"a":1}').toString('base64url'),
  Buffer.from('[1,2]').toString('base64url'),
  Buffer.from('null').toString('base64url'),
  Buffer.from(JSON.stringify([LONG(900), UUID_LIKE])).toString('base64url'),
];
const BAD_PATH_IDS = [
  randomUUID(),
  '00000000-0000-0000-0000-000000000000',
  'abc',
  '1',
  '-1',
  '99999999999999999999',
  '%00',
  'a%00b',
  '%ED%A0%80',
  encodeURIComponent("1' OR '1'='1"),
  encodeURIComponent('é'),
  '%',
  '%E0%A4%A',
  '..',
  LONG(300),
  LONG(3000),
];
const BODY_RAW = [
  '[]',
  '[{}]',
  '"text"',
  '42',
  'true',
  'null',
  '{',
  '{"a":',
  "{'a':1}",
  '{"a":1}}',
  '\u0000',
  '{"a":"\\u12"}',
  '{"a":"\\ud800"}',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '[['.repeat(2000) + ']]'.repeat(2000),
];

const REMOVE = Symbol('remove');
const OMIT = Symbol('omit');

/** The test's own view of what no route may accept (unstorable text, nesting deeper than the limit). */
function storable(value: Json, depth = 1): boolean {
  if (typeof value === 'string')
    // eslint-disable-next-line no-control-regex -- matching NUL is the point
    return !/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth > MAX_JSON_DEPTH) return false;
  return Object.entries(value).every(([key, item]) => storable(key) && storable(item, depth + 1));
}

interface Case {
  label: string;
  route: RouteInfo;
  build: () => request.Test;
  expected?: Expectation;
}

describe('fuzz: every route of both APIs, thousands of generated bad requests', () => {
  let t: TestApp;
  let partner: Partner;
  let decoy: Partner;
  let agent: TestAgent;
  let ids: Record<string, string>;
  let enrollmentKey: string;
  let routes: RouteInfo[];
  let operations: Map<string, Operation>;
  let components: Record<string, Schema>;
  const failures: string[] = [];
  const sentPerRoute = new Map<string, number>();
  let sent = 0;
  const random = prng(SEED);

  beforeAll(async () => {
    t = await createAgentTestApp();
    partner = await signUp(t);
    decoy = await signUp(t); // its email is what generated logins try (and may lock)
    const migration = await createMigration(partner);
    enrollmentKey = migration.enrollmentKey;
    const [deviceId] = await makeDevices(t.db, { id: migration.id, partnerId: partner.partnerId }, [
      { hostname: ';=1+1', status: 'enrolled' },
      { hostname: 'PC-0002', status: 'profile_failed', errorCode: 'AUTODISCOVER_FAILED' },
    ]);
    agent = await TestAgent.enroll(t, enrollmentKey, { hostname: 'PC-FUZZ-AGENT' });
    const command = (await agent.next()).id;
    const activity = await partner.agent.get(`/api/migrations/${migration.id}/activity`).expect(200);
    ids = {
      migrations: migration.id,
      devices: deviceId,
      commands: command,
      activity: activity.body.items[0].id,
    };
    routes = listRoutes(t.app, t.app.get(Reflector));
    const document = buildOpenApiDocument(t.app) as unknown as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    components = document.components.schemas;
    operations = new Map();
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item))
        operations.set(`${method.toUpperCase()} ${path}`, operation);
  });
  afterAll(async () => {
    await t.close();
  });

  function resolve(schema: Schema | undefined): Schema {
    if (!schema) return {};
    if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length) return { ...resolve(schema.allOf[0]), ...schema, allOf: undefined };
    return schema;
  }

  function fieldsOf(schema: Schema, prefix: string[] = []): Field[] {
    const s = resolve(schema);
    return Object.entries(s.properties ?? {}).flatMap(([name, sub]) => {
      const r = resolve(sub);
      const field = { path: [...prefix, name], schema: r, required: (s.required ?? []).includes(name) };
      return [field, ...(r.properties ? fieldsOf(r, field.path) : [])];
    });
  }

  /** Values the routes need to get past "not found" to their validation and logic. */
  function known(name: string): Json {
    switch (name) {
      case 'enrollmentKey':
        return enrollmentKey;
      case 'email':
        return decoy.email;
      case 'password':
        return PASSWORD;
      case 'hostname':
        return 'PC-FUZZ-GENERATED';
      case 'component':
        return 'client';
      case 'session':
        return { locked: true, userSignedIn: true }; // locked: nothing is delivered, the command stays open
      case 'deviceIds':
        return [ids.devices];
      case 'filter':
        return OMIT; // a bulk action takes deviceIds or filter: the documented body is by ids
      default:
        return undefined;
    }
  }

  function sample(schema: Schema, name = ''): Json {
    const fixed = known(name);
    if (fixed !== undefined) return fixed;
    const s = resolve(schema);
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return s.enum[0];
    if (s.properties)
      return Object.fromEntries(
        Object.entries(s.properties)
          .map(([key, sub]) => [key, sample(sub, key)])
          .filter(([, value]) => value !== OMIT),
      );
    switch (s.type) {
      case 'string':
        if (s.format === 'date-time') return '2026-11-28T22:00:00.000Z';
        if (s.format === 'uuid') return UUID_LIKE;
        if (s.format === 'email') return 'fuzz@example.com';
        return LONG(Math.max(s.minLength ?? 1, 1));
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return [sample(s.items ?? {})];
      default:
        return {};
    }
  }

  function withValue(body: Json, path: string[], value: Json | typeof REMOVE): Json {
    const copy = structuredClone(body) as Record<string, Json>;
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (node[key] === null || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
      node = node[key] as Record<string, Json>;
    }
    const last = path[path.length - 1];
    if (value === REMOVE) delete node[last];
    else node[last] = value;
    return copy;
  }

  function concretePath(route: RouteInfo, override?: { param: string; value: string }): string {
    const segments = route.path.split('/');
    return segments
      .map((segment, i) => {
        if (!segment.startsWith(':')) return segment;
        const param = segment.slice(1);
        if (override?.param === param) return override.value;
        return ids[segments[i - 1]] ?? randomUUID();
      })
      .join('/');
  }

  function call(route: RouteInfo, path: string): request.Test {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    // partner routes signed in (cookie, JSON: CSRF-acceptable); agent routes with the device token;
    // public ones as a stranger (a generated sign-up or login that succeeds must not replace the session)
    if (route.kind === 'partner') return partner.agent[method](path);
    const req = request(t.server)[method](path);
    return route.kind === 'agent' && !route.path.endsWith('/enroll')
      ? req.set('authorization', `Bearer ${agent.token}`)
      : req;
  }

  function casesFor(route: RouteInfo): Case[] {
    const key = `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const operation = operations.get(key);
    if (!operation) throw new Error(`no OpenAPI operation for ${key}`);
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
    const fields = bodySchema ? fieldsOf(bodySchema) : [];
    const base: Json = bodySchema ? sample(bodySchema) : {};
    const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query');
    const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const cases: Case[] = [];
    const name = `${route.method} ${route.path}`;
    const send = (
      label: string,
      body: Json,
      expected?: Expectation,
      query = '',
      path = concretePath(route),
    ) =>
      cases.push({
        label: `${name} ${label}`,
        route,
        expected,
        build: () => {
          const req = call(route, `${path}${query}`);
          return hasBody ? req.send(body as object) : req;
        },
      });
    const sendRaw = (label: string, raw: string, contentType = 'application/json', expected?: Expectation) =>
      cases.push({
        label: `${name} ${label}`,
        route,
        expected,
        build: () => call(route, concretePath(route)).set('content-type', contentType).send(raw),
      });

    // the body as documented, and each field on its own: null, unstorable text, wrong types, too long, deep
    if (hasBody) {
      send('valid body', base);
      for (const field of fields) {
        const at = field.path.join('.');
        send(
          `${at}=null`,
          withValue(base, field.path, null),
          field.schema.nullable ? {} : { status: 400, fields: [at] },
        );
        for (const value of UNSTORABLE)
          send(`${at}=${JSON.stringify(value)}`, withValue(base, field.path, value), {
            status: 400,
            fields: [at],
          });
        for (const value of WRONG_TYPES)
          send(`${at}=${JSON.stringify(value).slice(0, 30)}`, withValue(base, field.path, value));
        for (const length of [10_000, 70_000]) {
          const tooLong = field.schema.maxLength !== undefined && field.schema.maxLength < length;
          // agent bodies over 64 KiB are a 413 whatever they say
          const tooLarge = route.path.startsWith('/api/agent/') && length > 64 * 1024;
          const expected: Expectation = tooLarge
            ? { status: 413 }
            : tooLong
              ? { status: 400, fields: [at] }
              : {};
          send(`${at}=${length} chars`, withValue(base, field.path, LONG(length)), expected);
        }
        send(`${at} nested 3000 deep`, withValue(base, field.path, DEEP), {
          status: 400,
          fields: [field.path[0]],
        });
        send(`${at} nested ${MAX_JSON_DEPTH + 2} deep`, withValue(base, field.path, DEEPISH), {
          status: 400,
          fields: [field.path[0]],
        });
        send(`${at}=huge array`, withValue(base, field.path, HUGE_ARRAY));
        send(`${at}=huge array of strings`, withValue(base, field.path, HUGE_STRINGS));
        send(`${at}=[unstorable]`, withValue(base, field.path, ['ok', '\u0000']), {
          status: 400,
          fields: [`${at}.1`],
        });
        if (field.required)
          send(`without ${at}`, withValue(base, field.path, REMOVE), { status: 400, fields: [at] });
      }
      // bodies that are not the object the route takes, or not JSON at all
      for (const raw of BODY_RAW) sendRaw(`body ${JSON.stringify(raw).slice(0, 30)}`, raw);
      sendRaw('empty body', '');
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data',
      ])
        sendRaw(`content-type ${type}`, 'a=1', type);
      send('unknown field with NUL', { ...(base as object), 'extra\u0000': 1 }, { status: 400 });
      send(
        'unknown field with a lone surrogate',
        { ...(base as object), extra: '\udbff' },
        {
          status: 400,
          fields: ['extra'],
        },
      );
      send(
        'unknown field nested deep',
        { ...(base as object), extra: DEEP },
        { status: 400, fields: ['extra'] },
      );
      send('unknown huge field', { ...(base as object), extra: HUGE_STRINGS });
    }

    // each query parameter: odd values, unstorable ones (400 naming it), malformed cursors (400 on cursor)
    const bodyForQuery = hasBody ? base : undefined;
    for (const param of [...queryParams.map((p) => p.name), 'unknownParam']) {
      for (const value of QUERY_VALUES)
        send(`?${param}=${value.slice(0, 20)}`, bodyForQuery, {}, `?${param}=${value}`);
      for (const value of QUERY_UNSTORABLE)
        send(
          `?${param}=${value.slice(0, 20)}`,
          bodyForQuery,
          { status: 400, fields: [param] },
          `?${param}=${value}`,
        );
      send(`?${param} twice`, bodyForQuery, {}, `?${param}=a&${param}=b`);
      if (param === 'cursor')
        for (const cursor of BAD_CURSORS)
          send(
            `?cursor=${cursor.slice(0, 20)}`,
            bodyForQuery,
            { status: 400, fields: ['cursor'] },
            `?cursor=${cursor}`,
          );
    }
    send('?%00=1', bodyForQuery, { status: 400 }, '?%00=1');

    // ids in the path that name nothing: 404, with the contract body
    for (const param of pathParams)
      for (const value of BAD_PATH_IDS)
        send(
          `:${param}=${value.slice(0, 20)}`,
          bodyForQuery,
          { status: 404 },
          '',
          concretePath(route, { param, value }),
        );

    // headers Node refuses itself: 431 with the contract body
    cases.push({
      label: `${name} 20 KB header`,
      route,
      expected: { status: 431 },
      build: () => call(route, concretePath(route)).set('x-padding', LONG(20 * 1024)),
    });

    // random combinations: several fields wrong at once, with odd query values and ids
    const pool = [...WRONG_TYPES, ...UNSTORABLE, null, DEEPISH, LONG(3000)];
    for (let i = 0; i < RANDOM_PER_ROUTE; i++) {
      let body = base;
      for (let k = 1 + random.int(4); k > 0 && fields.length > 0; k--)
        body = withValue(body, random.pick(fields).path, random.pick(pool));
      let query = '';
      if (random.next() < 0.3) {
        const param = queryParams.length > 0 ? random.pick(queryParams).name : 'x';
        query = `?${param}=${random.pick([...QUERY_VALUES, ...QUERY_UNSTORABLE])}`;
      }
      const badId = pathParams.length > 0 && random.next() < 0.2 ? random.pick(BAD_PATH_IDS) : null;
      const path = badId
        ? concretePath(route, { param: random.pick(pathParams), value: badId })
        : concretePath(route);
      // unstorable text or deep nesting is a 400 before any route looks at ids (bad ids: 404 at the latest)
      const refused = QUERY_UNSTORABLE.some((v) => query.endsWith(`=${v}`)) || (hasBody && !storable(body));
      send(`random ${i}`, body, refused ? { statuses: badId ? [400, 404] : [400] } : {}, query, path);
    }
    return cases;
  }

  async function run(item: Case): Promise<void> {
    sent += 1;
    sentPerRoute.set(
      item.route.path + item.route.method,
      (sentPerRoute.get(item.route.path + item.route.method) ?? 0) + 1,
    );
    try {
      const began = Date.now();
      // a request left unanswered is a failure too, not a hung test
      const res = await item.build().timeout({ response: 20_000, deadline: 30_000 });
      if (process.env.FUZZ_DEBUG && Date.now() - began > 1000)
        process.stdout.write(`slow (${Date.now() - began} ms): ${item.label}\n`);
      if (process.env.FUZZ_DEBUG && sent % 500 === 0) process.stdout.write(`${sent} sent\n`);
      const problems = replyProblems(res.status, res.body, item.expected);
      if (problems.length > 0)
        failures.push(`${item.label}: ${problems.join('; ')} ${JSON.stringify(res.body)?.slice(0, 300)}`);
    } catch (error) {
      failures.push(`${item.label}: no reply (${(error as Error).message})`);
    }
  }

  it(`sends at least ${MIN_REQUESTS} generated requests over every route; none gets a 5xx or a body off the contract`, async () => {
    const started = Date.now();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const all = routes.flatMap((route) => casesFor(route));
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < all.length) await run(all[next++]);
      }),
    );
    // requests Node's HTTP parser refuses before any route: 400 with the contract body
    for (const raw of [
      'GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
      'GARBAGE\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'POST /api/agent/v1/poll HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n',
    ]) {
      sent += 1;
      const reply = await rawRequest(t, raw);
      const problems = replyProblems(reply.status, reply.body, { status: 400, fields: ['request'] });
      if (problems.length > 0)
        failures.push(`raw ${JSON.stringify(raw).slice(0, 40)}: ${problems.join('; ')}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `fuzz: ${sent} requests over ${routes.length} routes in ${seconds} s (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}), ${failures.length} off the contract (${failures.filter((f) => / answered 5\d\d|no reply/.test(f)).length} of them 5xx or no reply)\n`,
    );
    if (process.env.FUZZ_DEBUG) process.stdout.write(`${failures.join('\n')}\n`);
    expect(failures.slice(0, 50)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    for (const route of routes)
      expect(sentPerRoute.get(route.path + route.method) ?? 0).toBeGreaterThanOrEqual(100);
  });

  it('and the service is still fine: the partner is still signed in, the device polls, the migration answers', async () => {
    await partner.agent.get('/api/auth/me').expect(200);
    await partner.agent.get(`/api/migrations/${ids.migrations}`).expect(200);
    await agent.post('/poll').send({ component: 'service' }).expect(200);
  });
});

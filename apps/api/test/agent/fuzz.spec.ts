import request from 'supertest';
import { makeMigration, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import { prng } from '../fuzz/prng';
import { createAgentTestApp, TestAgent } from './agent-client';

jest.setTimeout(180_000);

type Json = unknown;
interface Endpoint {
  name: string;
  path: (ids: { command: string }) => string;
  valid: () => Record<string, Json>;
  /** Per field: values that are always wrong for it. */
  wrong: Record<string, Json[]>;
  required: string[];
  auth: boolean;
}

const LONG = (n: number) => 'x'.repeat(n);
const notString = [42, -1, 3.14, true, false, null, [], ['a'], {}, { a: 1 }];
const notBoolean = [0, 1, 'true', 'false', null, [], {}, 'yes'];
const notNumber = ['5', '', null, true, [], {}, [1]];

const ENDPOINTS: Endpoint[] = [
  {
    name: 'enroll',
    path: () => '/enroll',
    auth: false,
    valid: () => ({
      hostname: 'PC-FUZZ',
      windowsUser: 'CONTOSO\\fuzz',
      userEmail: 'fuzz@contoso.com',
      outlookVersion: '16.0.1.1',
    }),
    required: ['hostname', 'windowsUser'],
    wrong: {
      hostname: [...notString, '', LONG(254), LONG(10_000), 'a\u0000b'],
      windowsUser: [...notString, '', LONG(257), 'nul\u0000'],
      userEmail: [42, true, [], {}, 'not-an-email', LONG(400), 'a b@c d'],
      osVersion: [42, true, [], {}, LONG(65)],
      outlookVersion: [42, false, [], { major: 16 }, LONG(65), '16\u0000'],
      agentVersion: [1.4, true, [], {}, LONG(65)],
    },
  },
  {
    name: 'poll',
    path: () => '/poll',
    auth: true,
    valid: () => ({
      component: 'client',
      session: { locked: true, userSignedIn: true },
      inventory: { outlookVersion: '16.0.1.1', agentVersion: '1.4.2', freeDiskBytes: 1, localDataBytes: 2 },
    }),
    required: ['component', 'session'],
    wrong: {
      component: ['server', 'CLIENT', '', 0, true, null, [], {}, ['client'], LONG(300)],
      session: [
        'locked',
        1,
        true,
        [],
        [{ locked: false, userSignedIn: true }],
        { locked: 'no', userSignedIn: true },
        { locked: false },
        {},
      ],
      'session.locked': notBoolean,
      'session.userSignedIn': notBoolean,
      inventory: ['16.0', 7, true, [], [{}]],
      'inventory.outlookVersion': [16, true, [], {}, LONG(65), 'a\u0000'],
      // null is allowed for optional fields ("unknown")
      'inventory.freeDiskBytes': ['5', '', true, [], {}, [1], -1, 1.5, 2 ** 60, 'NaN'],
      'inventory.localDataBytes': ['5', true, [], {}, -5, 0.1],
    },
  },
  {
    name: 'progress',
    path: ({ command }) => `/commands/${command}/progress`,
    auth: true,
    valid: () => ({ stage: 'creating_profile', percent: 10 }),
    required: ['stage', 'percent'],
    wrong: {
      stage: ['CREATING_PROFILE', 'done', '', 0, null, true, [], {}, LONG(1000)],
      percent: [...notNumber, -0.5, 100.01, 101, -1, 1e9],
    },
  },
  {
    name: 'result',
    path: ({ command }) => `/commands/${command}/result`,
    auth: true,
    valid: () => ({ status: 'failed', errorCode: 'AUTODISCOVER_FAILED', message: 'detail' }),
    required: ['status', 'errorCode'],
    wrong: {
      status: ['FAILED', 'ok', '', 0, null, true, [], {}, ['failed']],
      errorCode: [42, true, [], {}, '', LONG(101), 'A\u0000B'],
      message: [42, false, [], {}, LONG(8193), 'm\u0000'],
    },
  },
];

function setPath(body: Record<string, Json>, path: string, value: Json): void {
  const [head, tail] = path.split('.');
  if (tail === undefined) body[head] = value;
  else body[head] = { ...(body[head] as Record<string, Json>), [tail]: value };
}

function removePath(body: Record<string, Json>, path: string): void {
  delete body[path];
}

interface Sent {
  label: string;
  expected: number;
  res: request.Response;
}

describe('agent protocol: a few hundred generated bad requests get the contract 4xx, never a 5xx', () => {
  let t: TestApp;
  let migration: MigrationSeed;
  let agent: TestAgent;
  let command: string;
  const sent: Sent[] = [];
  const random = prng(20261125);

  beforeAll(async () => {
    t = await createAgentTestApp();
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-11-28T22:00:00.000Z') });
    agent = await TestAgent.enroll(t, migration.enrollmentKey);
    // a command that stays open: every generated body is invalid, so nothing gets recorded on it
    command = (await agent.next()).id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function send(label: string, expected: number, build: () => request.Test): Promise<void> {
    sent.push({ label, expected, res: await build() });
  }

  function post(
    endpoint: Endpoint,
    options: { token?: string | null; commandId?: string; query?: string } = {},
  ) {
    const path = endpoint.path({ command: options.commandId ?? command });
    let req = request(t.server).post(`/api/agent/v1${path}${options.query ?? ''}`);
    const token = options.token === undefined ? agent.token : options.token;
    if (endpoint.auth && token !== null) req = req.set('authorization', `Bearer ${token}`);
    return req;
  }

  function bodyFor(endpoint: Endpoint): Record<string, Json> {
    const body = endpoint.valid();
    return endpoint.name === 'enroll' ? { enrollmentKey: migration.enrollmentKey, ...body } : body;
  }

  it('sends them', async () => {
    for (const endpoint of ENDPOINTS) {
      // every wrong value of every field, one at a time (400, the field listed)
      for (const [field, values] of Object.entries(endpoint.wrong)) {
        for (const value of values) {
          const body = bodyFor(endpoint);
          setPath(body, field, value);
          await send(`${endpoint.name}: ${field}=${JSON.stringify(value)?.slice(0, 40)}`, 400, () =>
            post(endpoint).send(body as object),
          );
        }
      }
      // each required field missing
      for (const field of endpoint.required) {
        const body = bodyFor(endpoint);
        removePath(body, field);
        await send(`${endpoint.name}: without ${field}`, 400, () => post(endpoint).send(body));
      }
      // random combinations of 2–4 wrong fields
      for (let i = 0; i < 25; i++) {
        const body = bodyFor(endpoint);
        const fields = Object.keys(endpoint.wrong);
        const n = 2 + random.int(3);
        for (let k = 0; k < n; k++) {
          const field = random.pick(fields);
          setPath(body, field, random.pick(endpoint.wrong[field]));
        }
        await send(`${endpoint.name}: random combination ${i}`, 400, () => post(endpoint).send(body));
      }
      // bodies that are not JSON objects
      for (const raw of ['[]', '[{}]', '"text"', '42', 'true', 'null', '{}']) {
        await send(`${endpoint.name}: body ${raw}`, 400, () =>
          post(endpoint).set('content-type', 'application/json').send(raw),
        );
      }
      // malformed JSON
      for (const raw of [
        '{',
        '{"a":',
        '{"component":"client",}',
        "{'a':1}",
        'nul',
        '"open',
        '{"a":1}}',
        '\u0000',
        '{"a":"\\u12"}',
      ]) {
        await send(`${endpoint.name}: malformed ${JSON.stringify(raw)}`, 400, () =>
          post(endpoint).set('content-type', 'application/json').send(raw),
        );
      }
      // bodies over 64 KiB: 413 whatever they say
      for (const size of [64 * 1024 + 1, 100 * 1024, 1024 * 1024]) {
        const body = { ...bodyFor(endpoint), padding: LONG(size) };
        await send(`${endpoint.name}: ${size} byte body`, 413, () => post(endpoint).send(body));
      }
      // not JSON at all (text/plain is read as a string, which is not the object the contract asks for: 400)
      for (const [type, expected] of [
        ['text/plain', 400],
        ['application/x-www-form-urlencoded', 415],
        ['application/xml', 415],
      ] as const) {
        await send(`${endpoint.name}: content-type ${type}`, expected, () =>
          post(endpoint).set('content-type', type).send('component=client'),
        );
      }
      if (endpoint.auth) {
        // no, malformed, unknown and revoked tokens: 401 before anything else is looked at
        const revoked = await TestAgent.enroll(t, migration.enrollmentKey, {
          hostname: `PC-REVOKED-${endpoint.name}`,
        });
        await TestAgent.enroll(t, migration.enrollmentKey, { hostname: `PC-REVOKED-${endpoint.name}` });
        for (const token of [
          null,
          '',
          'x',
          'cdt_unknown',
          LONG(600),
          revoked.token,
          `${agent.token} extra`,
          'tök\u00e9n',
        ]) {
          await send(`${endpoint.name}: token ${JSON.stringify(token)?.slice(0, 30)}`, 401, () =>
            post(endpoint, { token }).send(bodyFor(endpoint)),
          );
        }
        for (const header of ['Basic abc', 'Bearer', 'bearer', agent.token, `Token ${agent.token}`]) {
          await send(`${endpoint.name}: authorization ${header.slice(0, 20)}`, 401, () =>
            request(t.server)
              .post(`/api/agent/v1${endpoint.path({ command })}`)
              .set('authorization', header)
              .send(bodyFor(endpoint)),
          );
        }
      } else {
        for (const enrollmentKey of ['', 'wrong', LONG(201), 42, null]) {
          const expected =
            typeof enrollmentKey === 'string' && enrollmentKey.length > 0 && enrollmentKey.length <= 200
              ? 401
              : 400;
          await send(`enroll: key ${JSON.stringify(enrollmentKey)?.slice(0, 20)}`, expected, () =>
            post(endpoint).send({ ...bodyFor(endpoint), enrollmentKey }),
          );
        }
      }
      if (endpoint.name === 'progress' || endpoint.name === 'result') {
        // unknown command ids and ids that are not uuids: 404
        for (const id of [
          '0b7c8f5e-4a7e-4c59-9c1e-0d4f2f1b9a11',
          '00000000-0000-0000-0000-000000000000',
          'abc',
          '1',
          "1'or'1'='1",
          '%00',
          LONG(300),
          'é',
        ]) {
          await send(`${endpoint.name}: command id ${id.slice(0, 20)}`, 404, () =>
            post(endpoint, { commandId: encodeURIComponent(id) }).send(bodyFor(endpoint)),
          );
        }
        // a path that is not valid URL encoding, or longer than any id can be: 404 with the contract body
        for (const raw of ['%', '%E0%A4%A', LONG(3000)]) {
          await send(`${endpoint.name}: raw command id ${raw.slice(0, 20)}`, 404, () =>
            post(endpoint, { commandId: raw }).send(bodyFor(endpoint)),
          );
        }
      }
    }
    const poll = ENDPOINTS[1];
    for (const query of [
      '?waitSeconds=0',
      '?waitSeconds=31',
      '?waitSeconds=-1',
      '?waitSeconds=abc',
      '?waitSeconds=',
      '?waitSeconds=1e400',
      '?waitSeconds=1&waitSeconds=2',
    ]) {
      await send(`poll: ${query}`, 400, () => post(poll, { query }).send(bodyFor(poll)));
    }
    process.stdout.write(`fuzz: ${sent.length} bad requests sent\n`);
    expect(sent.length).toBeGreaterThanOrEqual(300);
  });

  it('none of them got a 5xx', () => {
    const serverErrors = sent.filter((s) => s.res.status >= 500).map((s) => `${s.label} → ${s.res.status}`);
    expect(serverErrors).toEqual([]);
  });

  it('each got the contract status and error body', () => {
    const wrong = sent
      .filter((s) => s.res.status !== s.expected)
      .map(
        (s) =>
          `${s.label} → ${s.res.status} (expected ${s.expected}) ${JSON.stringify(s.res.body).slice(0, 200)}`,
      );
    expect(wrong).toEqual([]);
    for (const s of sent) {
      expect(Object.keys(s.res.body)).toEqual(['error']);
      expect(s.res.body.error).toEqual({
        code: expect.any(String),
        message: expect.any(String),
        details: s.res.body.error.details,
      });
      expect('details' in s.res.body.error).toBe(true);
    }
  });

  it('400 replies list the fields in details', () => {
    const without = sent
      .filter((x) => x.res.status === 400)
      .filter((x) => !Array.isArray(x.res.body.error.details) || x.res.body.error.details.length === 0)
      .map((x) => `${x.label}: ${JSON.stringify(x.res.body)}`);
    expect(without).toEqual([]);
  });

  it('and the service is still fine: the device polls and its command is still open', async () => {
    const res = await agent.post('/poll').send({ component: 'service' }).expect(200);
    expect(res.body.commands).toEqual([]);
    const [row] = await t.db.query(`SELECT state FROM command WHERE id = $1`, [command]);
    expect(row.state).toBe('delivered');
  });
});

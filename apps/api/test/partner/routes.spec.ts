import { randomUUID } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import request from 'supertest';
import { listRoutes, type RouteInfo } from '../../src/auth/route-kind';
import { createTestApp, type TestApp } from '../test-app';

jest.setTimeout(60_000);

/** Routes anyone may call. A new one must be added here on purpose (STYLE 3). */
const PUBLIC_ROUTES = [
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/health',
  'POST /api/agent/v1/enroll',
  // its own bearer token when METRICS_TOKEN is set (test/metrics/metrics.spec.ts)
  'GET /metrics',
];

function concrete(route: RouteInfo): string {
  return route.path.replace(/:(\w+)/g, () => randomUUID());
}

function call(t: TestApp, route: RouteInfo, path: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const req = request(t.server)[method](path);
  return ['post', 'patch', 'put'].includes(method) ? req.send({}) : req;
}

describe('every route is guarded (STYLE 3: partner session, @AgentRoute or @Public)', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = listRoutes(t.app, t.app.get(Reflector));
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the routes of every feature', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/auth/me',
        'GET /api/migrations/:id/devices',
        'POST /api/migrations/:id/devices/actions',
        'POST /api/agent/v1/poll',
        'GET /api/health',
      ]),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has @Public() only on the allowed routes', () => {
    const publicRoutes = routes.filter((r) => r.kind === 'public').map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('marks @AgentRoute() only on the agent protocol', () => {
    for (const r of routes.filter((route) => route.kind === 'agent'))
      expect(r.path.startsWith('/api/agent/v1/')).toBe(true);
  });

  it('answers 401 on every partner route without a session, or with a forged or stale cookie', async () => {
    const partner = routes.filter((r) => r.kind === 'partner');
    expect(partner.length).toBeGreaterThanOrEqual(12);
    for (const route of partner) {
      const path = concrete(route);
      for (const cookie of [null, 'cutover_session=forged', `cutover_session=${'a'.repeat(43)}`]) {
        const req = call(t, route, path);
        const res = await (cookie ? req.set('cookie', cookie) : req);
        if (res.status !== 401)
          throw new Error(`${route.method} ${route.path} answered ${res.status} without a valid session`);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it('answers 401 on every agent route without a device token', async () => {
    for (const route of routes.filter((r) => r.kind === 'agent')) {
      const res = await call(t, route, concrete(route)).set('authorization', 'Bearer not-a-token');
      if (res.status !== 401)
        throw new Error(`${route.method} ${route.path} answered ${res.status} without a device token`);
    }
  });
});

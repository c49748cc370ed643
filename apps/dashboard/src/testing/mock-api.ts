/**
 * A fetch stand-in for component tests: routes by method and path, answers JSON like the partner API, and records
 * every request (with its parsed query and body) so tests can assert what the dashboard sent.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface MockReply {
  status?: number;
  body?: unknown;
}

type Handler = (request: RecordedRequest) => MockReply | unknown;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
}

function isReply(value: unknown): value is MockReply {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('status' in value || 'body' in value) &&
    Object.keys(value).every((k) => k === 'status' || k === 'body')
  );
}

function response(status: number, body: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}

export function mockApi() {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];
  const fetchMock = jest.fn(async (input: string, init: { method?: string; body?: string } = {}) => {
    const url = new URL(input, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api/, '');
    const request: RecordedRequest = {
      method,
      path,
      query: url.searchParams,
      body: init.body ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const route = [...routes]
      .reverse()
      .find((r) => r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)));
    if (!route)
      return response(404, { error: { code: 'NOT_FOUND', message: `No mock for ${method} ${path}` } });
    const result = route.handler(request);
    if (isReply(result)) return response(result.status ?? 200, result.body);
    return response(200, result);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;

  const api = {
    requests,
    fetch: fetchMock,
    on(method: string, path: string | RegExp, handler: Handler | unknown) {
      routes.push({
        method,
        path,
        handler: typeof handler === 'function' ? (handler as Handler) : () => handler,
      });
      return api;
    },
    /** Requests to `path` (and method), oldest first. */
    calls(method: string, path: string | RegExp) {
      return requests.filter(
        (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
      );
    },
    lastCall(method: string, path: string | RegExp) {
      const all = api.calls(method, path);
      return all[all.length - 1];
    },
  };
  return api;
}

export type MockApi = ReturnType<typeof mockApi>;

/**
 * The one way the dashboard talks to the partner API: same-origin fetch with the session cookie, JSON both ways,
 * and every failure thrown as an ApiError carrying the contract's {"error":{"code","message","details"}}.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** VALIDATION_FAILED details as field → problems, for forms. */
  fieldProblems(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details as Array<{ field?: unknown; problems?: unknown }>) {
      if (typeof item?.field !== 'string') continue;
      const problems = Array.isArray(item.problems)
        ? item.problems.filter((p): p is string => typeof p === 'string')
        : [];
      out[item.field] = problems.join(' ') || 'This value is not valid.';
    }
    return out;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** What a person should read for any thrown error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError)
    return 'The dashboard could not reach the service. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}

type QueryValue = string | number | boolean | null | undefined | readonly string[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is an answer here (who am I? sign in), not an expired session to redirect from. */
  allowUnauthorized?: boolean;
}

let onUnauthorized: () => void = () => {
  const next = `${window.location.pathname}${window.location.search}`;
  if (!window.location.pathname.startsWith('/sign-in'))
    window.location.assign(`/sign-in?next=${encodeURIComponent(next)}`);
};

/** The app replaces the default full-page redirect with a router navigation (and clears cached data). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** `?a=1&status=x,y`, leaving out empty values: the same encoding for the list, the CSV link and tests. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readError(res: Response): Promise<ApiError> {
  const requestId = res.headers?.get?.('x-request-id') ?? undefined;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's HTML page): fall through to a generic message
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const message =
      typeof error.message === 'string' && error.message !== ''
        ? error.message
        : `Request failed (${error.code}).`;
    return new ApiError(res.status, error.code, message, error.details, requestId);
  }
  const fallback =
    res.status >= 500
      ? 'The service had a problem. Try again in a moment.'
      : `Request failed with status ${res.status}.`;
  return new ApiError(
    res.status,
    res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR',
    fallback,
    undefined,
    requestId,
  );
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal, allowUnauthorized = false } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api${path}${toQueryString(query)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && !allowUnauthorized) onUnauthorized();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
};

import { ApiError, api, setUnauthorizedHandler, toQueryString } from './api-client';
import { mockApi } from '../testing/mock-api';

describe('api client', () => {
  it('sends JSON with the session cookie and parses the reply', async () => {
    const mock = mockApi().on('POST', '/migrations', { status: 201, body: { id: 'm1' } });
    await expect(api.post('/migrations', { customerName: 'Contoso' })).resolves.toEqual({ id: 'm1' });
    const [url, init] = mock.fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/migrations');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(init.body).toBe('{"customerName":"Contoso"}');
  });

  it("throws an ApiError carrying the contract's {error:{code,message,details}}", async () => {
    const details = [{ field: 'cutoverAt', problems: ['must be an ISO instant'] }];
    mockApi().on('POST', '/migrations', {
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', message: 'Fix the fields.', details } },
    });
    const error = await api.post('/migrations', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Fix the fields.',
      details,
    });
    expect((error as ApiError).fieldProblems()).toEqual({ cutoverAt: 'must be an ISO instant' });
  });

  it('a 401 calls the unauthorized handler (sign in again), unless the caller expects it', async () => {
    const handler = jest.fn();
    setUnauthorizedHandler(handler);
    mockApi()
      .on('GET', '/migrations', {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'Sign in again.' } },
      })
      .on('GET', '/auth/me', { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } });
    await expect(api.get('/migrations')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(api.get('/auth/me', { allowUnauthorized: true })).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('encodes queries without empty values, lists comma-separated', () => {
    expect(
      toQueryString({
        status: ['profile_failed', 'switch_failed'],
        q: '',
        hasError: 'true',
        limit: 50,
        cursor: undefined,
      }),
    ).toBe('?status=profile_failed%2Cswitch_failed&hasError=true&limit=50');
    expect(toQueryString({ q: undefined })).toBe('');
  });
});

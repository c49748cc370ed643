import type { FastifyRequest } from 'fastify';
import { assertNotCrossSiteForm } from './csrf';

function req(method: string, headers: Record<string, string>, host = 'cutover.example.com'): FastifyRequest {
  return { method, headers, host } as unknown as FastifyRequest;
}

describe('CSRF check on state-changing requests', () => {
  it.each([
    ['GET without anything', req('GET', {})],
    ['JSON', req('POST', { 'content-type': 'application/json; charset=utf-8' })],
    ['X-Requested-With', req('PATCH', { 'x-requested-with': 'XMLHttpRequest' })],
    ['same-origin Origin', req('POST', { origin: 'https://cutover.example.com' })],
  ])('accepts %s', (_name, request) => {
    expect(() => assertNotCrossSiteForm(request, null)).not.toThrow();
  });

  it.each([
    ['a form post', req('POST', { 'content-type': 'application/x-www-form-urlencoded' })],
    ['text/plain', req('POST', { 'content-type': 'text/plain' })],
    ['a sibling origin', req('POST', { origin: 'https://evil.example.com', 'content-type': 'text/plain' })],
    ['the null origin', req('POST', { origin: 'null' })],
    ['no header at all', req('DELETE', {})],
  ])('refuses %s with CSRF_REJECTED', (_name, request) => {
    expect(() => assertNotCrossSiteForm(request, null)).toThrow(
      expect.objectContaining({ code: 'CSRF_REJECTED' }),
    );
  });

  it('accepts the PUBLIC_URL origin behind a proxy that rewrites Host', () => {
    const request = req('POST', { origin: 'https://cutover.partner.example' }, 'api-internal:3000');
    expect(() => assertNotCrossSiteForm(request, 'https://cutover.partner.example')).not.toThrow();
    expect(() => assertNotCrossSiteForm(request, null)).toThrow();
  });
});

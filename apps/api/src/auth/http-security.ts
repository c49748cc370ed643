import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { addRouteHooks } from '../common/plain-routes';
import type { AppConfig } from '../config/config';

/**
 * Security headers on every response of the dashboard and the API, errors
 * included (the agent's poll route, which no browser calls, does without). The CSP allows only this
 * origin's scripts (the dashboard's Vite bundle and the API docs page are files, not inline code).
 * Register before any route: the headers are attached to each route as it is added.
 */
export function registerHttpSecurity(app: NestFastifyApplication, config: AppConfig): void {
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // the dashboard's components and the docs page set style attributes
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only means something when the service is reached over HTTPS
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  addRouteHooks(fastify, {
    onRequest: (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  });
}

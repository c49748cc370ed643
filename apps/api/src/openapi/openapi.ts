import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { listRoutes, type RouteKind } from '../auth/route-kind';
import { plainRoutes } from '../common/plain-routes';
import { SESSION_COOKIE } from '../auth/session-cookie';

export const SESSION_SECURITY = 'session';
export const DEVICE_TOKEN_SECURITY = 'deviceToken';
export const API_TOKEN_SECURITY = 'apiToken';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const DESCRIPTION = `The partner API behind the Migration Dashboard (sessions, migrations, devices, bulk actions, alerts,
activity) and the agent protocol v1 the Outlook Assistant speaks.

Partner requests are authenticated by the session cookie that \`POST /api/auth/login\` sets, or by an API token
(\`Authorization: Bearer cut_…\`, created with \`POST /api/tokens\`), which needs no CSRF precaution. State-changing
partner requests must be sent as \`content-type: application/json\`, or with an \`X-Requested-With\` header, or
from the dashboard's own origin (\`Origin\` header); anything else is refused with 403 CSRF_REJECTED.
Every error has the body \`{ "error": { "code", "message", "details" } }\`.`;

function securityFor(kind: RouteKind): Record<string, string[]>[] {
  switch (kind) {
    case 'partner':
      // either one: the dashboard's session cookie, or a partner script's API token
      return [{ [SESSION_SECURITY]: [] }, { [API_TOKEN_SECURITY]: [] }];
    case 'agent':
      return [{ [DEVICE_TOKEN_SECURITY]: [] }];
    case 'public':
      return [];
  }
}

/** The OpenAPI document, generated from the controllers and DTOs; each operation's security comes from its route kind. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Cutover API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer('/', 'This service')
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', description: 'The dashboard session (HttpOnly, SameSite=Lax).' },
      SESSION_SECURITY,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The device token returned by enroll.' },
      DEVICE_TOKEN_SECURITY,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'An API token for partner scripts (POST /api/tokens, `cut_…`): same partner and data as a session, no CSRF header needed.',
      },
      API_TOKEN_SECURITY,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // routes registered on Fastify directly carry their own operation (the agent's poll)
  for (const route of plainRoutes(app.getHttpAdapter().getInstance() as FastifyInstance)) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    document.paths[path] = { ...document.paths[path], [route.method.toLowerCase()]: route.openapi };
  }
  const kinds = new Map(
    listRoutes(app, app.get(Reflector)).map((r) => [
      `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`,
      r.kind,
    ]),
  );
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const kind = kinds.get(`${method} ${path}`);
      if (!kind) throw new Error(`OpenAPI: no route found for ${method.toUpperCase()} ${path}`);
      operation.security = securityFor(kind);
    }
  }
  return document;
}

/** Serves the document at /api/docs (page) and /api/docs-json. */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    useGlobalPrefix: true,
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'Cutover API',
  });
}

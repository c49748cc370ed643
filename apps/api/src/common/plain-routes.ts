import type {
  FastifyInstance,
  onRequestHookHandler,
  onResponseHookHandler,
  onSendHookHandler,
} from 'fastify';
import type { RouteKind } from './public.decorator';

/** What a route registered on Fastify directly (not by a Nest controller) declares about itself. */
export interface PlainRouteConfig {
  routeKind: RouteKind;
  /** Its OpenAPI operation, merged into /api/docs-json. */
  openapi: Record<string, unknown>;
}

export interface PlainRoute extends PlainRouteConfig {
  method: string;
  path: string;
}

const registered = new WeakMap<object, PlainRoute[]>();

/** Whether a route's config is a PlainRouteConfig: a lean route that sets its own headers and logs itself. */
export function isPlainRoute(config: unknown): boolean {
  return typeof config === 'object' && config !== null && 'routeKind' in config && 'openapi' in config;
}

interface RouteHooks {
  onRequest?: onRequestHookHandler;
  onSend?: onSendHookHandler;
  onResponse?: onResponseHookHandler;
}

/**
 * Attaches hooks to every route registered from now on, except plain routes: route-level hooks
 * cost nothing on the routes that do not carry them (global ones run on every request).
 */
export function addRouteHooks(fastify: FastifyInstance, hooks: RouteHooks): void {
  const list = <T>(existing: T | T[] | undefined, hook: T | undefined): T[] | undefined => {
    if (hook === undefined) return existing === undefined ? undefined : ([existing].flat() as T[]);
    return [...(existing === undefined ? [] : ([existing].flat() as T[])), hook];
  };
  fastify.addHook('onRoute', (route) => {
    if (isPlainRoute(route.config)) return;
    route.onRequest = list(
      route.onRequest as onRequestHookHandler | onRequestHookHandler[] | undefined,
      hooks.onRequest,
    );
    route.onSend = list(route.onSend as onSendHookHandler | onSendHookHandler[] | undefined, hooks.onSend);
    route.onResponse = list(
      route.onResponse as onResponseHookHandler | onResponseHookHandler[] | undefined,
      hooks.onResponse,
    );
  });
}

/**
 * Records the routes registered on this Fastify instance with a PlainRouteConfig (call before any
 * route is added): the route walk and the API reference cover them like controller routes. Routes of
 * a second instance behind the same server (lean-http.ts) are listed with the main one.
 */
export function recordPlainRoutes(fastify: FastifyInstance, listedWith: FastifyInstance = fastify): void {
  let routes = registered.get(listedWith);
  if (!routes) registered.set(listedWith, (routes = []));
  fastify.addHook('onRoute', (options) => {
    const config = options.config as Partial<PlainRouteConfig> | undefined;
    if (!config?.routeKind || !config.openapi) return;
    for (const method of Array.isArray(options.method) ? options.method : [options.method]) {
      routes.push({ method, path: options.url, routeKind: config.routeKind, openapi: config.openapi });
    }
  });
}

export function plainRoutes(fastify: FastifyInstance): readonly PlainRoute[] {
  return registered.get(fastify) ?? [];
}

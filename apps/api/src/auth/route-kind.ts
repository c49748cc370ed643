import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, type Reflector } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IS_AGENT_ROUTE, IS_PUBLIC, type RouteKind } from '../common/public.decorator';
import { plainRoutes } from '../common/plain-routes';

export type { RouteKind } from '../common/public.decorator';

type Target = object;

export function routeKind(reflector: Reflector, handler: Target, controller: Target): RouteKind {
  const targets = [handler, controller] as never[];
  if (reflector.getAllAndOverride<boolean>(IS_AGENT_ROUTE, targets)) return 'agent';
  if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return 'public';
  return 'partner';
}

export interface RouteInfo {
  method: string;
  /** With the global prefix and Nest's `:param` syntax, e.g. `/api/devices/:id`. */
  path: string;
  kind: RouteKind;
  controller: string;
  handler: string;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [value === undefined ? '' : String(value)];
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}

/** Every HTTP route Nest registered, with its kind: the route-walking test and the OpenAPI security use it. */
export function listRoutes(app: INestApplication, reflector: Reflector, globalPrefix = 'api'): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!instance || !controller) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, Target>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const routePath: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (routePath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const sub of asList(routePath)) {
            routes.push({
              method,
              path: joinPath(globalPrefix, base, sub),
              kind: routeKind(reflector, handler, controller),
              controller: controller.name,
              handler: name,
            });
          }
        }
      }
    }
  }
  // routes registered on Fastify directly (the agent's poll), each declaring its kind
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  for (const route of plainRoutes(fastify)) {
    routes.push({
      method: route.method,
      path: route.path,
      kind: route.routeKind,
      controller: 'fastify',
      handler: route.path,
    });
  }
  return routes;
}

import { SetMetadata } from '@nestjs/common';

/** Every route is exactly one of these; partner is the default. */
export type RouteKind = 'partner' | 'agent' | 'public';

export const IS_PUBLIC = 'cutover:isPublic';
export const IS_AGENT_ROUTE = 'cutover:isAgentRoute';

/**
 * Every route is one of three kinds, and the route-walking test checks each has one:
 * a partner route (the default: the global session guard requires a signed-in partner),
 * an agent route (device bearer token, `@AgentRoute()`), or public (`@Public()`).
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
export const AgentRoute = () => SetMetadata(IS_AGENT_ROUTE, true);

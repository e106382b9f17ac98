import type { RouteOptions } from 'fastify';
import { COMMANDS } from '../../src/gateways/tencent-rest/plugin.ts';
import type { Command } from '../../src/gateways/tencent-rest/command.ts';

/**
 * The fuzz suite's view of the server: every route it registers, collected with an `onRoute` hook
 * that `buildServer` installs before any gateway, sorted into the surfaces the fuzzer knows how to
 * authenticate. A route of no known surface fails the suite, so a new gateway cannot go unfuzzed.
 */

export type Surface = 'rest' | 'api' | 'chat' | 'chat-ws' | 'workbench-ws' | 'web' | 'ops' | 'control';

export interface DiscoveredRoute {
  method: string;
  url: string;
  websocket: boolean;
  surface: Surface | undefined;
  /** The route's declared schemas (zod, on /api), when it has them. */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

/** The pages and assets of the web gateway (no credentials: they are public). */
const WEB_PREFIXES = ['/workbench', '/console', '/widget/', '/chat/', '/favicon'];

export function surfaceOf(url: string, websocket: boolean): Surface | undefined {
  if (websocket) {
    if (url === '/chat/v1/ws') return 'chat-ws';
    if (url === '/api/workbench/ws') return 'workbench-ws';
    return undefined;
  }
  if (url === '/v4' || url.startsWith('/v4/')) return 'rest';
  if (url === '/api' || url.startsWith('/api/')) return 'api';
  if (url.startsWith('/chat/v1/')) return 'chat';
  if (url === '/healthz' || url === '/metrics') return 'ops';
  if (url.startsWith('/_control/')) return 'control';
  if (url === '/' || WEB_PREFIXES.some((p) => url.startsWith(p))) return 'web';
  return undefined;
}

export function routeCollector() {
  const routes: DiscoveredRoute[] = [];
  return {
    routes,
    onRoute(route: RouteOptions) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const websocket = Boolean((route as { websocket?: boolean }).websocket);
      for (const method of methods) {
        // Fastify adds a HEAD route for each GET; it runs the same handler.
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        const schema = route.schema as DiscoveredRoute['schema'];
        routes.push({ method, url: route.url, websocket, surface: surfaceOf(route.url, websocket), schema });
      }
    },
  };
}

export interface RestCommand {
  service: string;
  name: string;
  command: Command;
}

/** The REST gateway's command table: every `/v4/<service>/<command>` the route `/v4/:service/:command` serves. */
export function restCommands(): RestCommand[] {
  return Object.entries(COMMANDS).flatMap(([service, table]) => Object.entries(table).map(([name, command]) => ({ service, name, command })));
}

/** `:name` and `*` segments of a route URL. */
export function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*');
}

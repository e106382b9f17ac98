import { randomBytes, timingSafeEqual } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import { apiGateway } from './gateways/api/plugin.ts';
import { chatGateway, MAX_FRAME_BYTES, socketErrorHandler } from './gateways/chat/plugin.ts';
import { clientErrorHandler, frameworkErrorHandler, notFoundFallback, rootErrorHandler } from './gateways/fallback.ts';
import { tencentRestGateway } from './gateways/tencent-rest/plugin.ts';
import { webGateway } from './gateways/web/plugin.ts';
import { createBus } from './platform/bus.ts';
import { createRootLogger } from './platform/logger.ts';
import { RequestLogController } from './platform/request-log.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db.ts';
import { registerMetrics } from './metrics.ts';
import { createServices, type Services } from './services.ts';

export interface ParleyServer {
  http: FastifyInstance;
  services: Services;
  database: Database;
  /** Token the local CLI presents to the control endpoint while this server holds the data directory. */
  controlToken: string;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  /** Defaults to the config's DATABASE_URL or its data directory. */
  database?: Database;
  logger?: boolean;
  /** Sees every route as it is registered, before any gateway's (the fuzz suite lists the server's routes with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildServer(options: StartOptions): Promise<ParleyServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }));
  const bus = createBus(config.redisUrl);
  // One root logger for Fastify and every feature; tests pass `logger: false` and get a silent one.
  const logger = createRootLogger({ level: config.logLevel, enabled: options.logger !== false });
  const services = createServices({ db: database.db, bus, clock, config, filesDir: config.filesDir ?? database.filesDir, logger });
  await services.bot.indexes.start();
  if (config.jobPollMs > 0) {
    services.events.jobs.start(config.jobPollMs);
    await services.callbacks.dispatcher.start();
  }
  const controlToken = randomBytes(24).toString('hex');

  const http = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Per-request lines at debug (slow ones and server errors at warn), not Fastify's two info lines per request.
    logController: new RequestLogController(),
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: config.trustProxy,
    // Ids the API hands out fit (members' emails are up to 254 characters); each route checks its own lengths.
    routerOptions: { maxParamLength: 300 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  if (options.onRoute) http.addHook('onRoute', options.onRoute);
  http.setNotFoundHandler(notFoundFallback);
  http.setErrorHandler(rootErrorHandler);
  registerMetrics(http, services);
  http.get('/healthz', async () => {
    await services.db.execute('select 1' as never);
    return { status: 'ok', database: database.kind, bus: config.redisUrl ? 'redis' : 'memory' };
  });
  // Once for the whole server: each registration listens to every upgrade, so two would race for each socket.
  http.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES }, errorHandler: socketErrorHandler });
  http.register(tencentRestGateway, { services });
  http.register(apiGateway, { services, prefix: '/api' });
  http.register(chatGateway, { services, prefix: '/chat/v1' });
  http.register(webGateway, { services });
  http.register(async (scope) => registerControl(scope, services, controlToken));

  return {
    http,
    services,
    database,
    controlToken,
    async close() {
      await http.close();
      services.bot.indexes.stop();
      services.events.hub.stop();
      await services.callbacks.dispatcher.stop();
      await services.events.jobs.stop();
      await services.outbound.close();
      await bus.close();
      if (!options.database) await database.close();
    },
  };
}

/** Lets `parley app create` work while this process holds the embedded database. Loopback only. */
function registerControl(http: FastifyInstance, services: Services, token: string) {
  const expected = Buffer.from(token);
  http.addHook('onRequest', async (request, reply) => {
    const given = Buffer.from(String(request.headers['x-parley-control'] ?? ''));
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    if (!loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(403).send({ error: 'forbidden' });
    }
  });
  http.post('/_control/apps', async (request, reply) => {
    const body = (request.body ?? {}) as { name?: unknown; adminIdentifier?: unknown };
    if (typeof body.name !== 'string') return reply.code(400).send({ error: 'name is required' });
    try {
      const app = await services.apps.create({ name: body.name, adminIdentifier: typeof body.adminIdentifier === 'string' ? body.adminIdentifier : undefined });
      return { sdkAppId: app.sdkAppId, secretKey: app.secretKey, adminIdentifier: app.adminIdentifier };
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });
  http.post('/_control/apps/:sdkAppId/quotas', async (request, reply) => {
    try {
      const app = await services.apps.setQuotas(Number((request.params as { sdkAppId: string }).sdkAppId), (request.body ?? {}) as Record<string, number>);
      return app.quotas;
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });
  http.post('/_control/apps/:sdkAppId/members', async (request, reply) => {
    try {
      return await services.team.members.provisionRequest(Number((request.params as { sdkAppId: string }).sdkAppId), request.body);
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });
  http.get('/_control/apps', async () => {
    return (await services.apps.list()).map((a) => ({ sdkAppId: a.sdkAppId, name: a.name, adminIdentifier: a.adminIdentifier, createdAt: a.createdAt }));
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { settingsApi as S, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';

// Console: the app-wide human-service settings (spec 01 §8.3–8.6) and real-time monitoring
// (spec 01 §11.1). Registered behind authenticate + requireConsole.

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;

export async function serviceSettingsRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { routing, agentWork } = services;

  app.get('/settings/service', { schema: { tags: ['settings'], response: withErrors({ 200: S.serviceSettings }) } }, async (request) => routing.settings.getWithRevision(appIdOf(request)));
  /** A partial patch: fields left out keep their values; unknown fields are refused. */
  app.put('/settings/service', { schema: { tags: ['settings'], body: S.serviceSettingsPatch.optional(), response: withErrors({ 200: S.serviceSettings }) } }, async (request) => {
    return routing.settings.update(appIdOf(request), request.body ?? {});
  });

  /** 客服在线情况: every agent with status, since when, rest reason, load and capacity, and the totals. */
  app.get('/monitoring/agents', { schema: { tags: ['monitoring'], response: withErrors({ 200: S.monitoringAgents }) } }, async (request) => {
    const items = await agentWork.queries.agents(appIdOf(request));
    const count = (status: string) => items.filter((a) => a.status === status).length;
    return { items, summary: { online: items.filter((a) => a.online).length, idle: count('idle'), busy: count('busy'), rest: count('rest'), offline: count('offline') } };
  });

  /** 实时接待数据: queued, in service, waiting for an agent to accept, and the longest wait now. */
  app.get('/monitoring/queue', { schema: { tags: ['monitoring'], response: withErrors({ 200: S.monitoringQueue }) } }, async (request) => agentWork.queries.queueNow(appIdOf(request)));
}

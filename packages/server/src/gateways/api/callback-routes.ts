import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { settingsApi as S, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const tags = ['callbacks'];

/** The console's Settings > Developer settings: callback URL, switch, secret, and the delivery log. */
export async function callbackRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { settings, deliveries } = services.callbacks;

  app.get('/callbacks', { schema: { tags, response: withErrors({ 200: S.callbackSettings }) } }, async (request) => settings.get(appIdOf(request)));
  app.put('/callbacks', { schema: { tags, body: S.callbackSettingsBody, response: withErrors({ 200: S.callbackSettings }) } }, async (request) => settings.save(appIdOf(request), request.body));
  app.post('/callbacks/secret', { schema: { tags, response: withErrors({ 200: S.callbackSettings }) } }, async (request) => settings.rotateSecret(appIdOf(request)));

  app.get('/callbacks/deliveries', { schema: { tags, querystring: S.deliveriesQuery, response: withErrors({ 200: S.deliveryPage }) } }, async (request) =>
    deliveries.list(appIdOf(request), request.query),
  );
  app.post('/callbacks/deliveries/:eventId/retry', { schema: { tags, params: S.eventParams, response: withErrors({ 200: S.ok }) } }, async (request) => {
    await deliveries.retry(appIdOf(request), request.params.eventId);
    return { ok: true as const };
  });
}

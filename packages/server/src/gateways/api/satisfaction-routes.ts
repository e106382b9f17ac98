import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { settingsApi as S, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';

// Console Settings > Session configuration > Satisfaction survey: the E26/E27 settings as camelCase
// JSON. Shapes are checked by the schema; the service checks values (lengths, ranges, languages).

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const tags = ['settings'];

export async function satisfactionRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/settings/satisfaction', { schema: { tags, response: withErrors({ 200: S.satisfactionSettings }) } }, async (request) => services.satisfaction.getWithRevision(appIdOf(request)));
  app.put('/settings/satisfaction', { schema: { tags, body: S.satisfactionBody, response: withErrors({ 200: S.satisfactionSettings }) } }, async (request) => {
    const { expectedRevision, ...patch } = request.body;
    return services.satisfaction.update(appIdOf(request), patch, { expectedRevision });
  });
}

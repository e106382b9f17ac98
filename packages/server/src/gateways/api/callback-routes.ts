import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DESK_SESSION_EVENTS } from '@parley/protocol';
import type { Services } from '../../services.ts';

const settingsBody = z.object({
  url: z.string().min(1).max(2048),
  enabled: z.boolean(),
  events: z.array(z.enum(DESK_SESSION_EVENTS)).min(1, 'list at least one event, or send null for all').nullable().default(null),
});
const deliveriesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['delivered', 'retrying', 'failed']).optional(),
});
const eventParams = z.object({ eventId: z.coerce.number().int().positive() });

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;

/** The console's Settings > Developer settings: callback URL, switch, secret, and the delivery log. */
export async function callbackRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { settings, deliveries } = services.callbacks;

  app.get('/callbacks', async (request) => settings.get(appIdOf(request)));
  app.put('/callbacks', async (request) => settings.save(appIdOf(request), settingsBody.parse(request.body)));
  app.post('/callbacks/secret', async (request) => settings.rotateSecret(appIdOf(request)));

  app.get('/callbacks/deliveries', async (request) => deliveries.list(appIdOf(request), deliveriesQuery.parse(request.query)));
  app.post('/callbacks/deliveries/:eventId/retry', async (request) => {
    await deliveries.retry(appIdOf(request), eventParams.parse(request.params).eventId);
    return { ok: true };
  });
}

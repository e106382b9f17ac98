import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';

// Console Settings > Session configuration > Satisfaction survey: the E26/E27 settings as camelCase
// JSON. Shapes are checked here; the service checks values (lengths, ranges, languages).

const contentBody = z
  .object({
    invitation: z.string().optional(),
    submission: z.string(),
    levels: z.array(z.string()),
    validityHours: z.number(),
  })
  .strict();

const settingsBody = z
  .object({
    enabled: z.boolean().optional(),
    invitationMethod: z.number().optional(),
    content: contentBody.optional(),
    /** A language's object replaces its texts; null removes the language. */
    multilingual: z.record(z.string().max(20), contentBody.nullable()).optional(),
  })
  .strict();

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;

export async function satisfactionRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/settings/satisfaction', async (request) => services.satisfaction.get(appIdOf(request)));
  app.put('/settings/satisfaction', async (request) => services.satisfaction.update(appIdOf(request), settingsBody.parse(request.body)));
}

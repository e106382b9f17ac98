import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { requireAdmin } from './auth.ts';
import { ErrorCodes } from '../../platform/errors.ts';
import { containsNul, NUL_MESSAGE } from '../../platform/json-guard.ts';
import { apiErrorHandler, sendError } from './errors.ts';
import { botRoutes } from './bot-routes.ts';
import { callbackRoutes } from './callback-routes.ts';
import { knowledgeRoutes } from './knowledge-routes.ts';
import { transferRoutes } from './transfer-routes.ts';

/** Native JSON API for Parley's own web apps (`/api`). Each feature contributes a route module. */
export async function apiGateway(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  app.setErrorHandler(apiErrorHandler);
  app.addHook('preValidation', async (request, reply) => {
    if (containsNul(request.body) || containsNul(request.query)) return sendError(reply, 400, ErrorCodes.invalidParams, NUL_MESSAGE);
  });
  app.get('/version', async () => ({ name: 'parley', version: '0.1.0' }));
  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin(services));
    await admin.register(knowledgeRoutes, { services });
    await admin.register(transferRoutes, { services });
    await admin.register(botRoutes, { services });
    await admin.register(callbackRoutes, { services });
  });
}

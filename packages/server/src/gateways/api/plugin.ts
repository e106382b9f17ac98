import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import cookie from '@fastify/cookie';
import { authenticate, requireConsole, requireWorkbench } from './auth.ts';
import { authRoutes } from './auth-routes.ts';
import { ErrorCodes } from '../../platform/errors.ts';
import { containsNul, NUL_MESSAGE } from '../../platform/json-guard.ts';
import { apiErrorHandler, sendError } from './errors.ts';
import { botRoutes } from './bot-routes.ts';
import { callbackRoutes } from './callback-routes.ts';
import { embedRoutes } from './embed-routes.ts';
import { knowledgeRoutes } from './knowledge-routes.ts';
import { quickReplyRoutes, workbenchQuickReplyRoutes } from './quick-reply-routes.ts';
import { satisfactionRoutes } from './satisfaction-routes.ts';
import { teamDirectoryRoutes, teamRoutes } from './team-routes.ts';
import { transferRoutes } from './transfer-routes.ts';
import { serviceSettingsRoutes } from './service-settings-routes.ts';
import { workbenchFileRoutes, workbenchRoutes } from './workbench-routes.ts';
import { workbenchSocketRoutes } from './workbench-socket.ts';
import { webChannelRoutes } from './web-channel-routes.ts';

/** Native JSON API for Parley's own web apps (`/api`). Each feature contributes a route module. */
export async function apiGateway(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  app.setErrorHandler(apiErrorHandler);
  app.addHook('preValidation', async (request, reply) => {
    if (containsNul(request.body) || containsNul(request.query)) return sendError(reply, 400, ErrorCodes.invalidParams, NUL_MESSAGE);
  });
  app.get('/version', async () => ({ name: 'parley', version: '0.1.0' }));
  await app.register(cookie);
  await app.register(authRoutes, { services });
  app.register(async (console) => {
    console.addHook('preHandler', authenticate(services));
    console.addHook('preHandler', requireConsole);
    await console.register(knowledgeRoutes, { services });
    await console.register(transferRoutes, { services });
    await console.register(botRoutes, { services });
    await console.register(callbackRoutes, { services });
    await console.register(teamRoutes, { services });
    await console.register(satisfactionRoutes, { services });
    await console.register(quickReplyRoutes, { services });
    await console.register(serviceSettingsRoutes, { services });
    await console.register(webChannelRoutes, { services });
    await console.register(embedRoutes, { services });
  });
  // Uploads authenticate before the body is read (their own hook), so they sit outside the scope below.
  await app.register(workbenchFileRoutes, { services, prefix: '/workbench' });
  app.register(async (workbench) => {
    workbench.addHook('preHandler', authenticate(services));
    workbench.addHook('preHandler', requireWorkbench);
    await workbench.register(teamDirectoryRoutes, { services });
    await workbench.register(workbenchQuickReplyRoutes, { services });
    await workbench.register(workbenchRoutes, { services });
    await workbench.register(workbenchSocketRoutes, { services });
  });
}

import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { versionResponse } from '@parley/protocol';
import { z } from 'zod';
import { authenticate, requireConsole, requireWorkbench } from './auth.ts';
import { accountRoutes } from './account-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { ErrorCodes } from '../../platform/errors.ts';
import { requestProblem } from '../../platform/json-guard.ts';
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
  // Every /api route declares its request and response with the zod schemas of @parley/protocol; this scope only.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerDocs(app);
  // What PostgreSQL cannot store (NUL, lone surrogates) or a walk could not survive (deep nesting) stops here; uploads' streams are their route's.
  app.addHook('preValidation', async (request, reply) => {
    const problem = requestProblem({ body: request.body, query: request.query, params: request.params });
    if (problem) return sendError(reply, 400, ErrorCodes.invalidParams, problem.message);
  });
  app.withTypeProvider<ZodTypeProvider>().get('/version', { schema: { tags: ['meta'], response: { 200: versionResponse } } }, async () => ({ name: 'parley', version: '0.1.0' }));
  await app.register(cookie);
  await app.register(authRoutes, { services });
  // Who calls is settled before the schemas run: a stranger gets 401/403, never a description of the input it sent.
  app.register(async (console) => {
    console.addHook('preValidation', authenticate(services));
    console.addHook('preValidation', requireConsole);
    await console.register(knowledgeRoutes, { services });
    await console.register(transferRoutes, { services });
    await console.register(botRoutes, { services });
    await console.register(callbackRoutes, { services });
    await console.register(teamRoutes, { services });
    await console.register(satisfactionRoutes, { services });
    await console.register(quickReplyRoutes, { services });
    await console.register(serviceSettingsRoutes, { services });
    await console.register(webChannelRoutes, { services });
    await console.register(accountRoutes, { services });
    await console.register(embedRoutes, { services });
  });
  // Uploads authenticate before the body is read (their own hook), so they sit outside the scope below.
  await app.register(workbenchFileRoutes, { services, prefix: '/workbench' });
  app.register(async (workbench) => {
    workbench.addHook('preValidation', authenticate(services));
    workbench.addHook('preValidation', requireWorkbench);
    workbench.addHook('onRoute', (route) => {
      // @fastify/websocket hides its routes from documents; this one is part of the contract.
      if (route.websocket) route.schema = { ...route.schema, ...SOCKET_DOC, hide: false };
    });
    await workbench.register(teamDirectoryRoutes, { services });
    await workbench.register(workbenchQuickReplyRoutes, { services });
    await workbench.register(workbenchRoutes, { services });
    await workbench.register(workbenchSocketRoutes, { services });
  });
}

/** The workbench's WebSocket, for the document (its frames are typed in @parley/protocol's workbench frames). */
const SOCKET_DOC = {
  tags: ['workbench'],
  summary: 'The workbench event stream (WebSocket upgrade; ?after=<seq> and per-session cursors resume)',
  response: { 101: z.null().describe('Switching protocols: JSON frames follow') },
};

/**
 * The OpenAPI 3.1 document of this scope's routes at `/api/openapi.json` and a browsable page at
 * `/api/docs` (Swagger UI's assets come from its npm package; its pages carry their own CSP).
 */
async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley API',
        version: '0.1.0',
        description:
          'The native JSON API of the console and the agent workbench. Authenticate with a member login (cookie + X-CSRF-Token, or Authorization: Session <token>) or the app administrator’s UserSig (X-Parley-App, X-Parley-Identifier, Authorization: UserSig <sig>).',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

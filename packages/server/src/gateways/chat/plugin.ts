import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../../platform/errors.ts';
import { requestProblem } from '../../platform/json-guard.ts';
import { apiErrorHandler, sendError } from '../api/errors.ts';
import type { Services } from '../../services.ts';
import { ChatSocket } from './chat-socket.ts';
import { authenticateRequest } from './customer-auth.ts';
import { fileRoutes } from './file-routes.ts';
import { historyRoute } from './history-route.ts';
import { httpFallback } from './http-fallback.ts';
import { EMBEDDED_HANDSHAKE_HOLD_MS, EMBEDDED_SEND_CONCURRENCY, POSTGRES_SEND_CONCURRENCY, SendGate } from './send-gate.ts';

/** Frames carry at most a 12 KB message body plus framing (the server registers WebSockets once, with this limit). */
export const MAX_FRAME_BYTES = 64 * 1024;
const PING_MS = 30_000;
/** The JSON routes take a visitor's name or one message: far below the server-wide 10 MB. */
const JSON_BODY_LIMIT = MAX_FRAME_BYTES;

const visitorBody = z.object({
  publicKey: z.string().min(1).max(64),
  userId: z.string().max(64).optional(),
  userSig: z.string().max(4096).optional(),
  nick: z.string().max(64).optional(),
});

/**
 * The customer side: `/chat/v1/ws` (WebSocket), the HTTP fallback, visitor identities and files.
 * Translates only; conversations, customers and files do the work.
 */
export async function chatGateway(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  app.setErrorHandler(apiErrorHandler);
  const sendGate = services.config.databaseUrl ? new SendGate(POSTGRES_SEND_CONCURRENCY) : new SendGate(EMBEDDED_SEND_CONCURRENCY, EMBEDDED_HANDSHAKE_HOLD_MS);
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', `There is no ${request.method} ${request.url.split('?')[0].slice(0, 200)} in the chat API`));
  // What PostgreSQL cannot store (NUL, lone surrogates) or a walk could not survive (deep nesting) stops here.
  app.addHook('preValidation', async (request, reply) => {
    const problem = requestProblem({ body: request.body, query: request.query, params: request.params });
    if (problem) return sendError(reply, 400, ErrorCodes.invalidParams, problem.message);
  });

  app.get('/ws', { websocket: true }, (socket, request) => {
    new ChatSocket(socket, services, request.log, sendGate);
    keepAlive(socket);
  });

  app.post('/visitor', { bodyLimit: JSON_BODY_LIMIT }, async (request) => {
    const body = visitorBody.parse(request.body);
    if (!(await services.rateLimiter.hit(`visitor:${request.ip}`, 5))) throw new AppError(141009, 'Too many new visitors from this address; try again in a second', 429);
    const returning = body.userId && body.userSig ? { userId: body.userId, userSig: body.userSig } : undefined;
    return services.customers.visitor(body.publicKey, returning, { nick: body.nick });
  });

  await app.register(fileRoutes, {
    files: services.files,
    fileUrl: services.fileUrl,
    authenticate: async (request) => {
      const identity = await authenticateRequest(services, request);
      return { appId: identity.app.sdkAppId, userId: identity.userId };
    },
  });
  await app.register(httpFallback, { services, sendGate });
  await app.register(historyRoute, { services });
}

/**
 * @fastify/websocket's handler for errors on established sockets. What any client can cause (a frame
 * over the size limit, invalid UTF-8, a bad opcode: ws's WS_ERR_* codes; a dropped connection) is
 * not a server fault, so it is logged at debug, not error. The socket is dropped either way.
 */
export function socketErrorHandler(error: Error & { code?: string }, socket: import('ws').WebSocket, request: FastifyRequest): void {
  const clientCaused = error.code?.startsWith('WS_ERR_') || error.code === 'ECONNRESET' || error.code === 'EPIPE';
  if (clientCaused) request.log.debug({ err: error }, 'websocket closed on a client protocol error');
  else request.log.error({ err: error }, 'websocket failure');
  socket.terminate();
}

/** Dead TCP peers never send close: ping them and drop the ones that stop answering. */
export function keepAlive(socket: import('ws').WebSocket): void {
  let alive = true;
  socket.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, PING_MS).unref();
  socket.on('close', () => clearInterval(timer));
}

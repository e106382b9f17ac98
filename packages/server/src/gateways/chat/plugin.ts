import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { apiErrorHandler } from '../api/errors.ts';
import type { Services } from '../../services.ts';
import { ChatSocket } from './chat-socket.ts';
import { authenticateRequest } from './customer-auth.ts';
import { fileRoutes } from './file-routes.ts';
import { historyRoute } from './history-route.ts';
import { httpFallback } from './http-fallback.ts';

/** Frames carry at most a 12 KB message body plus framing (the server registers WebSockets once, with this limit). */
export const MAX_FRAME_BYTES = 64 * 1024;
const PING_MS = 30_000;

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

  app.get('/ws', { websocket: true }, (socket, request) => {
    new ChatSocket(socket, services, request.log);
    keepAlive(socket);
  });

  app.post('/visitor', async (request) => {
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
  await app.register(httpFallback, { services });
  await app.register(historyRoute, { services });
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

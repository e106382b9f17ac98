import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** A request slower than this is logged at warn. */
export const SLOW_REQUEST_MS = 1_000;

/**
 * Fastify's per-request log lines, quieter: a completed request is a debug line (Fastify writes an
 * "incoming" and a "completed" line at info for each), a slow one or a server error a warning.
 * Errors themselves are still logged by Fastify's error handler (5xx at error). LOG_LEVEL=debug
 * brings every request back.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else if (reply.statusCode >= 500) reply.log.warn(fields, 'request failed');
    else if (reply.elapsedTime > SLOW_REQUEST_MS) reply.log.warn(fields, 'slow request');
    else reply.log.debug(fields, 'request completed');
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'route not found');
  }
}

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../platform/errors.ts';
import { sendError } from './api/errors.ts';
import { CommonErrors, fail } from './tencent-rest/envelope.ts';

// Answers for requests no route of a gateway sees: Fastify refuses some before routing (a bad
// percent-encoding, a path parameter over the router's limit), and some paths match no gateway.
// Each surface keeps its own envelope: /v4 HTTP 200 + ActionStatus, the others `{ error }`.

const REFUSALS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not valid: a percent-encoded sequence is not UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'The URL has a path segment that is too long',
};

/** Fastify's `frameworkErrors`: the client's malformed URL, answered in the envelope of the surface it names. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.info({ code: error.code }, 'request refused before routing');
  const message = REFUSALS[error.code] ?? 'The request could not be routed';
  if (isRestPath(request.url)) return reply.code(200).send(fail(CommonErrors.badRequestUrl, message));
  const status = error.statusCode && error.statusCode < 500 ? 400 : 500;
  return sendError(reply, status, error.code ?? 'bad_request', message);
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses before Fastify sees them (a
 * request line and headers over 16 KB, malformed HTTP), answered in the envelope of the surface
 * the request line names (/v4: HTTP 200 + 60002; elsewhere `{ error }` with 431 or 400).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request line and headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request did not arrive in time']
        : [400, 'bad_request', 'The request is not valid HTTP'];
  const raw = (error as { rawPacket?: unknown }).rawPacket;
  const line = Buffer.isBuffer(raw) ? raw.subarray(0, 1024).toString('latin1') : '';
  const rest = isRestPath(/^[A-Z]+ (\S+)/.exec(line)?.[1] ?? '');
  const body = JSON.stringify(rest ? fail(CommonErrors.badRequestUrl, message) : { error: { code, message } });
  socket.end(
    `HTTP/1.1 ${rest ? 200 : status} ${STATUS_CODES[rest ? 200 : status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The error handler outside the gateways that have their own: requests that match no route (whose
 * body Fastify still parses) and the static files' refusals, in the envelope of the surface the
 * URL names, never Fastify's default `{statusCode, error, message}`.
 */
export function rootErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const clientFault = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
  if (!clientFault) request.log.error({ err: error }, 'request failed outside the gateways');
  if (isRestPath(request.url)) return reply.code(200).send(clientFault ? fail(CommonErrors.badRequestUrl, error.message) : fail(ErrorCodes.systemError, 'Internal error, please retry'));
  if (!clientFault) return sendError(reply, 500, 'internal', 'Internal error, please retry');
  return sendError(reply, error.statusCode!, error.code ?? 'bad_request', error.message);
}

/** The server's not-found answer outside the gateways that have their own. */
export function notFoundFallback(request: FastifyRequest, reply: FastifyReply) {
  if (isRestPath(request.url)) return reply.code(200).send(fail(CommonErrors.badRequestUrl, 'REST commands are called at /v4/<service>/<command>'));
  return sendError(reply, 404, 'not_found', `There is no ${request.method} ${pathOf(request.url)}`);
}

const isRestPath = (url: string) => url === '/v4' || url.startsWith('/v4/') || url.startsWith('/v4?');
const pathOf = (url: string) => url.split('?')[0].slice(0, 200);

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, ErrorCodes } from '../../platform/errors.ts';

/** Native API errors: `{ error: { code, message } }` with a meaningful HTTP status. */
export function sendError(reply: FastifyReply, status: number, code: string | number, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

const STATUS_BY_CODE: Record<number, number> = {
  [ErrorCodes.invalidParams]: 400,
  [ErrorCodes.rateLimited]: 429,
  [ErrorCodes.adminRequired]: 403,
  [ErrorCodes.resourceInvalid]: 404,
  [ErrorCodes.presetCategory]: 409,
  [ErrorCodes.languageLimit]: 409,
  [ErrorCodes.defaultLanguage]: 409,
  [ErrorCodes.languageHasQuestions]: 409,
  [ErrorCodes.unsupportedLanguage]: 400,
  // Human service (desk_http_svc codes, spec 05 §8.1): unknown, conflicting with the session's or agent's state, bad input.
  141001: 409, // no agent online
  141004: 400, // invalid parameter
  141005: 404, // no such session (or not yours)
  141011: 409, // agent offline
  141012: 409, // agent full
  141013: 409, // agent resting
  141014: 409, // contacting users is turned off
  141015: 404, // unknown user
  141016: 409, // already with a human
  141017: 409, // no free agent for contact
  141019: 404, // contact: unknown group
  141020: 404, // transfer: unknown group
  141024: 409, // transfer to the agent who has it
  141025: 409, // every agent busy or full
  141026: 409, // not possible in the session's state
};

export function apiErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendError(reply, STATUS_BY_CODE[error.code] ?? error.httpStatus, error.code, error.message);
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return sendError(reply, 400, ErrorCodes.invalidParams, message);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return sendError(reply, fastifyError.statusCode, fastifyError.code ?? 'bad_request', fastifyError.message);
  }
  request.log.error({ err: error }, 'API failure');
  return sendError(reply, 500, 'internal', 'Internal error, please retry');
}

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, EditConflictError, ErrorCodes } from '../../platform/errors.ts';

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

/** At most this many problems are listed, each cut to PROBLEM_CHARS: a huge bad input must not come back as a huge answer. */
export const MAX_PROBLEMS = 5;
const PROBLEM_CHARS = 200;

/** `path: message; path: message` — the /api validation message, bounded. */
function problemsMessage(problems: { path: string; message: string }[], whole: string): string {
  const listed = problems.slice(0, MAX_PROBLEMS).map((p) => `${p.path || whole}: ${p.message}`.slice(0, PROBLEM_CHARS));
  const more = problems.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

export function apiErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof EditConflictError) return sendError(reply, 409, 'conflict', error.message);
  if (error instanceof AppError) return sendError(reply, STATUS_BY_CODE[error.code] ?? error.httpStatus, error.code, error.message);
  if (error instanceof ZodError)
    return sendError(
      reply,
      400,
      ErrorCodes.invalidParams,
      problemsMessage(
        error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        'body',
      ),
    );
  if (hasZodFastifySchemaValidationErrors(error)) {
    const problems = error.validation.map((v) => ({ path: v.instancePath.slice(1).replaceAll('/', '.'), message: v.message ?? 'is invalid' }));
    return sendError(reply, 400, ErrorCodes.invalidParams, problemsMessage(problems, (error as FastifyError).validationContext ?? 'body'));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return sendError(reply, fastifyError.statusCode, fastifyError.code ?? 'bad_request', fastifyError.message);
  }
  request.log.error({ err: error }, 'API failure');
  return sendError(reply, 500, 'internal', 'Internal error, please retry');
}

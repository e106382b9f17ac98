import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ErrorCodes } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { accountCommands } from './account-commands.ts';
import { authenticate } from './authenticate.ts';
import { canonicalizeKeys, describeIssues, parseJsonObject } from './body.ts';
import type { CommandTable } from './command.ts';
import { fail, ok, type Envelope } from './envelope.ts';
import { conversationCommands } from './conversation-commands.ts';
import { humanCommands } from './human-commands.ts';
import { knowledgeCommands } from './knowledge-commands.ts';
import { satisfactionCommands } from './satisfaction-commands.ts';

/** desk_http_svc documents its own "internal error, retry" code (spec 05 §8.1). */
const INTERNAL_ERROR: Record<string, number> = { desk_http_svc: 141002 };

export const COMMANDS: CommandTable = {
  openim_console_http_svc: knowledgeCommands,
  desk_http_svc: { ...accountCommands, ...conversationCommands, ...satisfactionCommands, ...humanCommands },
};

/**
 * `/v4/<service>/<command>`: authentication, envelope, error codes and rate limits, then one
 * service call. Every outcome is HTTP 200 with the Tencent envelope.
 */
export async function tencentRestGateway(app: FastifyInstance, opts: { services: Services; commands?: CommandTable }) {
  const { services } = opts;
  const commands = opts.commands ?? COMMANDS;

  // Bodies arrive with any (or no) content type; parse them ourselves so bad JSON becomes -7, not a 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const tooLarge = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    if (!tooLarge) request.log.error({ err: error }, 'REST gateway failure');
    reply.code(200).send(fail(tooLarge ? ErrorCodes.invalidParams : ErrorCodes.systemError, tooLarge ? 'The request body is too large' : 'Internal error, please retry'));
  });

  app.all('/v4/:service/:command', async (request, reply) => {
    reply.header('content-type', 'application/json; charset=utf-8');
    return handle(request);
  });

  async function handle(request: FastifyRequest): Promise<Envelope> {
    const { service, command: name } = request.params as { service: string; command: string };
    const table = commands[service];
    const command = table && Object.hasOwn(table, name) ? table[name] : undefined;
    const auth = await authenticate(request.query as Record<string, unknown>, services.apps, Math.floor(services.clock.now().getTime() / 1000));
    if (!auth.ok) return fail(auth.code, auth.info);
    if (!command) return fail(ErrorCodes.invalidParams, `Unknown command ${service}/${name}`);
    if (auth.identifier !== auth.app.adminIdentifier) {
      return fail(ErrorCodes.adminRequired, `This command requires the App administrator (${auth.app.adminIdentifier}); ${auth.identifier} is not`);
    }
    if (command.rateLimited && !(await services.rateLimiter.hit(`${auth.app.sdkAppId}:${service}/${name}`, services.config.restRateLimit))) {
      return fail(ErrorCodes.rateLimited, `Rate limit exceeded: at most ${services.config.restRateLimit} calls per second for ${name}`);
    }
    if (request.method !== 'POST') return fail(ErrorCodes.invalidParams, 'REST commands are called with POST');
    const parsed = parseJsonObject(request.body);
    if (!parsed.ok) return fail(command.parseErrorCode ?? mapCode(command.errorCode, ErrorCodes.invalidParams), parsed.message);
    const input = command.schema.safeParse(canonicalizeKeys(parsed.value, command.schema));
    if (!input.success) return fail(mapCode(command.errorCode, ErrorCodes.invalidParams), describeIssues(input.error));
    try {
      const result = await command.handle({ app: auth.app, identifier: auth.identifier, services }, input.data);
      return ok(result ?? {});
    } catch (error) {
      if (error instanceof AppError) return fail(mapCode(command.errorCode, error.code), error.message);
      request.log.error({ err: error }, `REST command ${service}/${name} failed`);
      return fail(INTERNAL_ERROR[service] ?? ErrorCodes.systemError, 'Internal error, please retry');
    }
  }
}

const mapCode = (map: ((code: number) => number) | undefined, code: number) => (map ? map(code) : code);

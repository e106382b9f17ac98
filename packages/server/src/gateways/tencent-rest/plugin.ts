import type { JsonProblem } from '@parley/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ErrorCodes } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { accountCommands } from './account-commands.ts';
import { authenticate } from './authenticate.ts';
import { canonicalizeKeys, describeIssues, parseJsonObject } from './body.ts';
import type { Command, CommandTable } from './command.ts';
import { CommonErrors, fail, ok, type Envelope } from './envelope.ts';
import { conversationCommands } from './conversation-commands.ts';
import { humanCommands } from './human-commands.ts';
import { knowledgeCommands } from './knowledge-commands.ts';
import { satisfactionCommands } from './satisfaction-commands.ts';

/** desk_http_svc documents its own "internal error, retry" code (spec 05 §8.1). */
const INTERNAL_ERROR: Record<string, number> = { desk_http_svc: 141002 };
const MESSAGE_TOO_LONG = 93_000;

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
  const commandOf = (service: string, name: string): Command | undefined => (Object.hasOwn(commands, service) && Object.hasOwn(commands[service], name) ? commands[service][name] : undefined);

  await app.register(
    async (v4) => {
      // Bodies arrive with any (or no) content type; parse them ourselves so bad JSON becomes -7, not a 400.
      v4.removeAllContentTypeParsers();
      v4.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
      v4.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
        const { service = '', command: name = '' } = (request.params ?? {}) as { service?: string; command?: string };
        // A body too large, a bad Content-Length: the client's doing, answered as a parameter error.
        if ((error.statusCode ?? 500) < 500) {
          request.log.info({ err: error }, 'REST request refused');
          if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(200).send(fail(invalidParamsOf(service), error.message));
          // The message commands document 93000 for a packet that is too long (spec 05 §4.1).
          const code = commandOf(service, name)?.msgBodyErrorCode ? MESSAGE_TOO_LONG : invalidParamsOf(service);
          return reply.code(200).send(fail(code, 'The request body is too large'));
        }
        request.log.error({ err: error }, 'REST gateway failure');
        reply.code(200).send(fail(INTERNAL_ERROR[service] ?? ErrorCodes.systemError, 'Internal error, please retry'));
      });
      v4.setNotFoundHandler((_request, reply) => {
        reply.code(200).send(fail(CommonErrors.badRequestUrl, 'REST commands are called at /v4/<service>/<command>'));
      });
      v4.all('/:service/:command', async (request, reply) => {
        reply.header('content-type', 'application/json; charset=utf-8');
        return handle(request);
      });
    },
    { prefix: '/v4' },
  );

  async function handle(request: FastifyRequest): Promise<Envelope> {
    const { service, command: name } = request.params as { service: string; command: string };
    const command = commandOf(service, name);
    const auth = await authenticate(request.query as Record<string, unknown>, services.apps, Math.floor(services.clock.now().getTime() / 1000));
    if (!auth.ok) return fail(auth.code, auth.info);
    if (!command) return fail(ErrorCodes.invalidParams, `Unknown command ${service}/${name}`);
    if (auth.identifier !== auth.app.adminIdentifier) {
      return fail(command.adminRequiredCode ?? ErrorCodes.adminRequired, `This command requires the App administrator (${auth.app.adminIdentifier}); ${auth.identifier} is not`);
    }
    if (command.rateLimited && !(await services.rateLimiter.hit(`${auth.app.sdkAppId}:${service}/${name}`, services.config.restRateLimit))) {
      return fail(ErrorCodes.rateLimited, `Rate limit exceeded: at most ${services.config.restRateLimit} calls per second for ${name}`);
    }
    if (request.method !== 'POST') return fail(ErrorCodes.invalidParams, 'REST commands are called with POST');
    const parsed = parseJsonObject(request.body);
    if (!parsed.ok) return fail(bodyErrorCode(command, parsed.unsafe), parsed.message);
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

/** desk_http_svc documents 141004 for invalid parameters; the knowledge base documents -7. */
const invalidParamsOf = (service: string) => (service === 'desk_http_svc' ? 141_004 : ErrorCodes.invalidParams);

/** Bad JSON: the command's parse code; unstorable content: 90002 inside MsgBody where documented, else the invalid-parameter code. */
function bodyErrorCode(command: Command, unsafe: JsonProblem | undefined): number {
  if (!unsafe) return command.parseErrorCode ?? mapCode(command.errorCode, ErrorCodes.invalidParams);
  if (command.msgBodyErrorCode && unsafe.path[0] === 'MsgBody') return command.msgBodyErrorCode;
  return mapCode(command.errorCode, ErrorCodes.invalidParams);
}

const mapCode = (map: ((code: number) => number) | undefined, code: number) => (map ? map(code) : code);

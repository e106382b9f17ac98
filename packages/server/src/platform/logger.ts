import { pino, stdSerializers, type Logger } from 'pino';
import { requestLogFields } from './log-redaction.ts';

export type { Logger } from 'pino';

/** The process's root logger: Fastify logs through it and every feature through a child of it. */
export function createRootLogger(options: { level: string; enabled?: boolean }): Logger {
  return pino({
    level: options.level,
    enabled: options.enabled ?? true,
    serializers: { req: requestLogFields, res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }), err: stdSerializers.err },
  });
}

/** A logger that writes nothing (tests, and services built without a server). */
export const silentLogger: Logger = pino({ enabled: false });

let root: Logger = silentLogger;

/** Makes `logger` the root that `featureLogger` children come from (the server does this at start). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

/**
 * A child logger tagged with its feature, for code that logs from background work without a logger
 * of its own. Resolved at call time, so it follows the root the running server installed.
 */
export function featureLogger(feature: string): Logger {
  return root.child({ feature });
}

/**
 * A `.catch` handler for best-effort background work: the failure does not propagate (something else
 * retries it: a job, the next hint, a poll) but is logged with its context instead of vanishing.
 */
export function logFailure(feature: string, what: string, context: Record<string, unknown> = {}): (error: unknown) => void {
  return (error) => featureLogger(feature).warn({ ...context, err: error }, `${what} failed`);
}

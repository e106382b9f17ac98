import type { BotReply } from '@parley/protocol';
import type { Answer, RobotConfig } from './answer-service.ts';

/** The customer's text a responder answers, and the stored message it came in. */
export interface CustomerText {
  text: string;
  /** The customer message's key (empty outside a conversation). */
  msgKey: string;
}

/** One earlier message of the conversation, for responders that need the context (LLM answers, task flows). */
export interface Turn {
  role: 'customer' | 'service' | 'system';
  text: string;
}

/** Where bot errors go: pino's `(details, message)` shape. */
export interface BotLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/** What a responder knows about the turn. Reads are lazy and shared: the first responder that asks pays. */
export interface ResponderContext {
  appId: number;
  robotId: string;
  env: 'test' | 'prod';
  languageTag: string;
  sessionId?: string;
  account?: { accountId: string; nick: string };
  /** The robot's configuration in this language. */
  config(): Promise<RobotConfig>;
  /** The standard-QA matcher's decision for this text (spec 01 §2.3.4), computed once per turn. */
  standardAnswer(): Promise<Answer>;
  /** The conversation's latest messages, oldest first (empty outside a conversation). */
  recentTurns(limit?: number): Promise<Turn[]>;
  log: BotLogger;
}

/** A streamed reply (an LLM's tokens): pieces of text in order; the bot batches them into one src 31 message. */
export interface StreamReply {
  type: 'stream';
  chunks: AsyncIterable<string>;
}

/** Why this reply: shown by the robot test window, written to the answer log. */
export interface Explanation {
  /** The branch of the answer log: direct, chitchat, clarify, to_agent, fallback, or a later responder's own. */
  branch: string;
  /** The matcher's evidence, when the standard-QA decision produced this reply. */
  answer?: Answer;
}

export type ResponderOutcome =
  | { kind: 'pass' }
  | {
      kind: 'reply';
      /** Nothing to say is allowed with a hand-over (the to-agent intent without a small-talk answer). */
      reply?: BotReply | StreamReply;
      /** Hand the session to human service after the reply (the to-agent intent). */
      handoff?: boolean;
      explanation: Explanation;
    };

/** One way of answering. A chain of them (chain.ts) answers each turn: the first that replies wins. */
export interface Responder {
  name: string;
  respond(ctx: ResponderContext, message: CustomerText): Promise<ResponderOutcome>;
}

export const PASS: ResponderOutcome = { kind: 'pass' };

/** A reply the standard-QA decision made, if it took one of `branches`. */
export async function standardReply(ctx: ResponderContext, branches: ReadonlySet<Answer['branch']>, handoff = false): Promise<ResponderOutcome> {
  const answer = await ctx.standardAnswer();
  if (!branches.has(answer.branch)) return PASS;
  return { kind: 'reply', reply: answer.reply, handoff, explanation: { branch: answer.branch, answer } };
}

import type { BotReply, MsgElement } from '@parley/protocol';
import type { Account } from '../accounts/index.ts';
import type { ConversationQueries, ConversationService, RobotPhase, RobotTurn } from '../conversations/index.ts';
import type { AnswerRequest, AnswerService, RobotConfig } from './answer-service.ts';
import { chainFor, runChain, type ChainOutcome } from './chain.ts';
import type { BotLogger, Responder, ResponderContext, Turn } from './responder.ts';
import { StreamBatcher, type BatchOptions } from './stream-batcher.ts';

export interface RobotPhaseDeps {
  answers: AnswerService;
  /** Where replies are written: the same paths as send_msg and send_stream_msg. */
  replies: Pick<ConversationService, 'robotReply' | 'robotStream'>;
  history?: Pick<ConversationQueries, 'history'>;
  logger?: BotLogger;
  /** The responders of a robot; chain.ts's chainFor unless a test swaps in its own. */
  chains?: (config?: RobotConfig) => readonly Responder[];
  batching?: BatchOptions;
}

const SILENT_LOGGER: BotLogger = { error: () => {} };

/**
 * The robot phase of a conversation: the conversation engine hands over each customer text it has
 * committed; the robot's responder chain answers it, and the answer is written through the
 * conversation service exactly as a business server's send_msg or send_stream_msg would be.
 */
export class BotRobotPhase implements RobotPhase {
  private log: BotLogger;

  constructor(private deps: RobotPhaseDeps) {
    this.log = deps.logger ?? SILENT_LOGGER;
  }

  async welcome(account: Account, languageTag: string): Promise<MsgElement[] | undefined> {
    const card = await this.deps.answers.welcome({ appId: account.appId, robotId: account.robotId }, 'prod', languageTag);
    return card ? bodyOf({ type: 'custom', data: card }) : undefined;
  }

  async consume(turn: RobotTurn): Promise<void> {
    try {
      await this.answer(turn);
    } catch (error) {
      this.log.error({ err: error, appId: turn.appId, sessionId: turn.sessionId, msgKey: turn.msgKey }, 'The robot could not answer a customer message');
    }
  }

  private async answer(turn: RobotTurn): Promise<void> {
    const request: AnswerRequest = { appId: turn.appId, robotId: turn.account.robotId, env: 'prod', languageTag: turn.languageTag, text: turn.text, sessionId: turn.sessionId };
    const ctx = this.contextFor(turn, request);
    // The matcher's decision says whether the robot is enabled without another query; every standard-QA responder reads it anyway.
    if ((await ctx.standardAnswer().catch(() => undefined))?.robotDisabled) {
      // A disabled robot answers nobody: the conversation waits for human service or the app's own AI.
      await this.deps.replies.robotReply(turn, {});
      return;
    }
    const chain = (this.deps.chains ?? chainFor)(await ctx.config().catch(() => undefined));
    const outcome = await runChain(chain, ctx, { text: turn.text, msgKey: turn.msgKey });
    await this.deliver(turn, outcome);
    if (outcome) await this.deps.answers.log(request, outcome.explanation);
  }

  private async deliver(turn: RobotTurn, outcome: ChainOutcome | undefined): Promise<void> {
    const reply = outcome?.reply;
    if (reply?.type !== 'stream') {
      await this.deps.replies.robotReply(turn, { body: reply && bodyOf(reply), handoff: outcome?.handoff });
      return;
    }
    const written = await this.stream(turn, reply.chunks);
    // Streamed replies are written as they come; the hand-over (or the silence of an empty stream) follows.
    if (outcome?.handoff || !written.msgKey) await this.deps.replies.robotReply(turn, { handoff: outcome?.handoff });
  }

  private stream(turn: RobotTurn, chunks: AsyncIterable<string>) {
    const { replies } = this.deps;
    const sink = {
      start: async (chunk: string, finish: boolean) => (await replies.robotStream(turn, { chunk, finish }))?.msgKey,
      append: async (msgKey: string, chunk: string, finish: boolean) => void (await replies.robotStream(turn, { chunk, msgKey, finish })),
    };
    return new StreamBatcher(sink, this.deps.batching).pipe(chunks);
  }

  private contextFor(turn: RobotTurn, request: AnswerRequest): ResponderContext {
    const config = once(() => this.deps.answers.config(request, 'prod', turn.languageTag));
    return {
      appId: turn.appId,
      robotId: request.robotId,
      env: 'prod',
      languageTag: turn.languageTag,
      sessionId: turn.sessionId,
      account: { accountId: turn.account.accountId, nick: turn.account.nick },
      config,
      standardAnswer: once(async () => this.deps.answers.explain(request, await config())),
      recentTurns: (limit = 10) => this.recentTurns(turn, limit),
      log: this.log,
    };
  }

  private async recentTurns(turn: RobotTurn, limit: number): Promise<Turn[]> {
    if (!this.deps.history) return [];
    const { messages } = await this.deps.history.history(turn.appId, turn.sessionId, { limit, offset: 0, newestFirst: true });
    return messages.reverse().map((m) => ({ role: m.fromRole === 1 ? 'customer' : m.fromRole === 2 ? 'service' : 'system', text: textIn(m.body) }));
  }
}

/** A promise made on first use and shared afterwards (its failure too). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

function bodyOf(reply: BotReply): MsgElement[] {
  return reply.type === 'text' ? [{ MsgType: 'TIMTextElem', MsgContent: { Text: reply.text } }] : [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(reply.data) } }];
}

const textIn = (body: MsgElement[]) =>
  body
    .filter((e): e is Extract<MsgElement, { MsgType: 'TIMTextElem' }> => e.MsgType === 'TIMTextElem')
    .map((e) => e.MsgContent.Text)
    .join('\n');

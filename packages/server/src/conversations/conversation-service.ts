import { and, eq, gt } from 'drizzle-orm';
import { ratingSettingsMessage, seatStatusMessage, typingMessage, type ChannelType, type DeskMessage, type MsgElement, type SessionEventType } from '@parley/protocol';
import type { Account, AccountService } from '../accounts/index.ts';
import type { Events, Job } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { ConversationRatings } from './ratings.ts';
import { ConversationRunner, type OnSessionOptions } from './conversation-runner.ts';
import { findOpenSession, promptIn, streamOf, type ConversationTx, type Message, type Session, type Written } from './conversation-tx.ts';
import { invalidParam, invalidState, noSession } from './errors.ts';
import type { HandoffOptions, HandoffResult, HumanHandoff } from './handoff.ts';
import { checkBody, customBody, deskOf, isFlag, textOf, type CheckedBody } from './message-body.ts';
import { SILENT_ROBOT, type RobotPhase, type RobotReply, type RobotTurn } from './robot-phase.ts';
import { messages, sessions } from './schema.ts';
import { armUserTimeout, disarmUserTimeout, endSession, HUMAN_STATES, timeoutDue, USER_TIMEOUT_JOB, type EndReason } from './session-lifecycle.ts';
import { StreamWriter, STREAM_TIMEOUT_JOB } from './stream-writer.ts';

/** A MsgRandom repeated within this window is a resend; later it is a new message (32-bit values recur). */
export const DEDUPE_WINDOW_MS = 24 * 3600_000;

export interface Customer {
  appId: number;
  userId: string;
  channelType?: ChannelType;
  languageTag?: string;
}

export interface UserMessage extends Customer {
  accountId: string;
  /** The client's MsgRandom: resending with the same value returns the first message. */
  msgRandom?: string;
  body: unknown;
  cloudCustomData?: string;
}

/** send_msg: by SessionId, or by account (FromAccount) and user (ToAccount). */
export interface ServiceMessage {
  appId: number;
  sessionId?: string;
  accountId?: string;
  userId?: string;
  msgRandom: string;
  body: unknown;
  cloudCustomData?: string;
  /** ExcludeFromUserRespTimeout: this message does not start the user-reply countdown. */
  excludeFromUserTimeout?: boolean;
  /** An agent replying from the workbench: the session must be theirs and in service. */
  agentId?: string;
}

export interface SendResult {
  msgKey: string;
  seq: number;
  sessionId: string;
  duplicate: boolean;
}

/** Resolves image and file elements (the files feature); without it they are refused. */
export type MediaResolver = (element: unknown, ctx: { appId: number; uploaderId?: string; index: number }) => Promise<MsgElement>;

export interface ConversationDeps {
  db: Db;
  events: Events;
  accounts: AccountService;
  clock: Clock;
  /** Satisfaction ratings (the satisfaction feature's RatingSender). */
  satisfaction: ConversationRatings;
  media?: MediaResolver;
  runner?: ConversationRunner;
}

/** What a customer asking for a person in the chat gets: hours checked, every prompt sent. */
export const CHAT_HANDOFF: HandoffOptions = { sendTipIfNoAgentOnline: true, checkWorkingHours: true, sendPromptOutsideHours: true, offerGroupChoice: true };

/** Until human service is wired (it is, in createServices), nobody can take a session. */
const NO_HUMAN_SERVICE: HumanHandoff = {
  request: async (_ctx, session) => ({ session, result: { outcome: 'no-agent', agentId: '', queued: false, sessionId: session.sessionId } }),
  route: async (_appId, sessionId) => ({ outcome: 'no-agent', agentId: '', queued: false, sessionId }),
  chooseGroup: async () => false,
  ending: async () => {},
  ended: async () => {},
};

/**
 * Customer conversations: sessions and their states, messages both ways, the robot phase, the
 * Desk custom messages, streaming and edits. Every write runs under the conversation's stream lock
 * and goes through the event log in the same transaction, so every screen and callback sees one order.
 */
export class ConversationService {
  /** Human service; createServices plugs routing in after both exist (each needs the other). */
  handoff: HumanHandoff = NO_HUMAN_SERVICE;
  /** The bot; createServices plugs it in after both exist (it answers through this service). */
  robot: RobotPhase = SILENT_ROBOT;
  readonly runner: ConversationRunner;
  private streams: StreamWriter;

  constructor(private deps: ConversationDeps) {
    this.runner = deps.runner ?? new ConversationRunner(deps);
    this.streams = new StreamWriter();
    deps.events.jobs.handle(USER_TIMEOUT_JOB, (job) => this.onUserTimeout(job));
    deps.events.jobs.handle(STREAM_TIMEOUT_JOB, (job) => this.onStreamTimeout(job));
  }

  // ---- customers -------------------------------------------------------------------------------

  /** src 7 without a client message id: what a chat screen sends when it opens. */
  enter(customer: Customer & { accountId: string }): Promise<SendResult> {
    return this.customerSend({ ...customer, body: customBody({ customerServicePlugin: 0, src: '7' }) });
  }

  async customerSend(input: UserMessage): Promise<SendResult> {
    const checked = await this.prepare(input.body, 'customer', input.appId, input.userId);
    const account = await this.requireAccount(input.appId, input.accountId);
    const src = checked.desk?.src;
    const text = src ? '' : textOf(checked.elements);
    const open = await findOpenSession(this.deps.db, input.appId, account.accountId, input.userId);
    // Knowledge reads happen before the transaction; their results are used only if still relevant.
    const welcome = !open && (src === '7' || !src) ? await this.welcomeCard(account, input.languageTag ?? '') : undefined;
    const ruleFlag = src === '7' ? await this.deps.satisfaction.ruleFlag(input.appId) : 0;

    return this.run(input.appId, account.accountId, input.userId, async (ctx) => {
      const duplicate = await this.findResend(ctx, input.appId, streamOf(account.accountId, input.userId), input.userId, input.msgRandom);
      if (duplicate) return duplicate;
      const message = { from: input.userId, role: 1 as const, body: checked.elements, cloudCustomData: input.cloudCustomData, clientMsgId: input.msgRandom, flag: isFlag(checked) };
      if (src === '10') return this.rate(ctx, account, input, message, checked.desk!.message as DeskMessage<'10'>);
      let session = await ctx.openSession(input.appId, account.accountId, input.userId);
      if (!session && (src === '24' || src === '27')) throw noSession(`A session of ${input.userId} with ${account.accountId}`);
      session ??= await this.begin(ctx, account, input, welcome);
      const sent = await ctx.writeMessage(session, { ...message, type: userEventOf(session) });
      const result = { ...sent, sessionId: session.sessionId, duplicate: false };
      if (src === '7') await this.announceSettings(ctx, session, ruleFlag);
      else if (src === '24') await this.deps.satisfaction.requested(ctx, session);
      else if (src === '27') await this.userEnds(ctx, session, account);
      else await this.afterUserMessage(ctx, session, account, { text, msgKey: sent.msgKey, languageTag: input.languageTag ?? '' });
      return result;
    });
  }

  /** transfer_to_human, and the robot's to-agent intent: one call into human service. */
  async transferToHuman(appId: number, sessionId: string, options: HandoffOptions = {}): Promise<HandoffResult> {
    const requested = await this.onSession(appId, sessionId, async (ctx, session, account) => {
      if (session.state !== 'Chatbot') throw invalidState(`Session ${sessionId} is already with human service (${session.state})`);
      return this.handoff.request(ctx, session, account, options);
    });
    return requested.result ?? this.handoff.route(appId, sessionId, options, requested.requestedAt);
  }

  /** Ends an open session for a reason (end_session, agents, timeouts). */
  endSession(appId: number, sessionId: string, reason: EndReason): Promise<Session> {
    return this.onSession(appId, sessionId, (ctx, session, account) => endSession(ctx, session, account, reason, this.handoff));
  }

  // ---- the service side (REST, business servers) --------------------------------------------------

  async serviceSend(input: ServiceMessage): Promise<SendResult> {
    const checked = await this.prepare(input.body, 'service', input.appId, input.agentId);
    const { accountId, userId } = await this.address(input);
    const account = await this.requireAccount(input.appId, accountId);
    if (checked.desk?.src === '12') return this.signalTyping(input.appId, account, userId);
    return this.run(input.appId, accountId, userId, async (ctx) => {
      const from = input.agentId ?? accountId;
      const duplicate = await this.findResend(ctx, input.appId, streamOf(accountId, userId), from, `rest:${input.msgRandom}`);
      if (duplicate) return duplicate;
      let session = await ctx.openSession(input.appId, accountId, userId);
      if (input.sessionId && session?.sessionId !== input.sessionId) throw noSession(`Session ${input.sessionId}`);
      if (input.agentId && (session?.state !== 'Agent' || session.agentId !== input.agentId)) {
        throw invalidState(`Session ${input.sessionId} is not in service with ${input.agentId}`);
      }
      session ??= await ctx.createSession(account, userId, 'SDK', '');
      const { sent } = await this.writeServiceMessage(ctx, session, account, {
        from,
        body: checked.elements,
        cloudCustomData: input.cloudCustomData,
        clientMsgId: `rest:${input.msgRandom}`,
        excludeFromUserTimeout: input.excludeFromUserTimeout,
      });
      return { ...sent, sessionId: session.sessionId, duplicate: false };
    });
  }

  /** send_stream_msg: the first call creates a src 31 message, later ones append to it. */
  async streamSend(input: { appId: number; sessionId: string; chunk: string; msgKey?: string; finish: boolean }): Promise<{ msgKey: string }> {
    return this.onSession(input.appId, input.sessionId, (ctx, session, account) => this.writeStreamPart(ctx, session, account, input));
  }

  // ---- the robot (bot/ answers a turn through the same write paths as send_msg and send_stream_msg) ----

  /**
   * The robot's answer to a turn, written as send_msg writes it (event, countdown), then the
   * hand-over to human service if asked. Written only while the session is still with the robot;
   * a turn already answered (its key is the reply's client id) is not answered again.
   */
  async robotReply(turn: RobotTurn, reply: RobotReply): Promise<SendResult | undefined> {
    return this.onTurn(turn, async (ctx, session, account) => {
      if (session.state !== 'Chatbot') return undefined;
      const clientMsgId = robotReplyId(turn);
      if (reply.body && (await this.robotAnswered(ctx, session, clientMsgId))) return undefined;
      if (!reply.body && !reply.handoff) {
        // The robot has nothing to say: like a message it leaves unanswered, no countdown.
        await disarmUserTimeout(ctx, session);
        return undefined;
      }
      const { sent, session: current } = reply.body
        ? await this.writeServiceMessage(ctx, session, account, { from: session.accountId, body: reply.body, clientMsgId })
        : { sent: undefined, session: await armUserTimeout(ctx, session, account) };
      if (reply.handoff) await this.askForHuman(ctx, current, account);
      return sent && { ...sent, sessionId: session.sessionId, duplicate: false };
    });
  }

  /**
   * A part of the robot's streamed answer, written as send_stream_msg writes it. The stream opens
   * only while the session is still with the robot (else undefined: the turn is over); a stream
   * already open is always finished, so clients stop waiting.
   */
  async robotStream(turn: RobotTurn, part: { chunk: string; msgKey?: string; finish: boolean }): Promise<{ msgKey: string } | undefined> {
    return this.onTurn(turn, async (ctx, session, account) => {
      const clientMsgId = robotReplyId(turn);
      if (part.msgKey) {
        // As send_stream_msg: an ended session takes no more; the stream timer closes the message.
        if (session.state === 'Ended') throw noSession(`Session ${session.sessionId}`);
      } else if (session.state !== 'Chatbot' || (await this.robotAnswered(ctx, session, clientMsgId))) {
        return undefined;
      }
      return this.writeStreamPart(ctx, session, account, { ...part, clientMsgId });
    });
  }

  private async robotAnswered(ctx: ConversationTx, session: Session, clientMsgId: string): Promise<boolean> {
    return !!(await this.findResend(ctx, session.appId, streamOf(session.accountId, session.userId), session.accountId, clientMsgId));
  }

  /** modify_msg: replaces a service-side message's body; clients receive MessageModified. */
  async modify(input: { appId: number; sessionId: string; msgKey: string; body: unknown; cloudCustomData?: string }): Promise<void> {
    const checked = await this.prepare(input.body, 'service', input.appId);
    await this.onSession(
      input.appId,
      input.sessionId,
      async (ctx, session) => {
        const message = await this.messageOf(ctx, session, input.msgKey);
        if (message.fromRole === 1) throw invalidParam(`Message ${input.msgKey} was sent by the user; only messages of the service side can be edited`);
        if (message.streamOpen) throw invalidState(`Message ${input.msgKey} is a stream still being written; finish it before editing`);
        await ctx.modifyMessage(session, message, checked.elements, input.cloudCustomData);
      },
      { allowEnded: true },
    );
  }

  /** src 12 from an agent's screen: shown while typing, never stored (onlineUserOnly). */
  async signalTyping(appId: number, account: Account, userId: string): Promise<SendResult> {
    await this.deps.events.hub.publishSignal({ appId, streamId: streamOf(account.accountId, userId), payload: { msgBody: customBody(typingMessage()) } });
    return { msgKey: '', seq: 0, sessionId: '', duplicate: false };
  }

  // ---- steps inside a conversation transaction -------------------------------------------------

  private async begin(ctx: ConversationTx, account: Account, customer: Customer, welcome?: MsgElement[]): Promise<Session> {
    const session = await ctx.createSession(account, customer.userId, customer.channelType ?? 'SDK', customer.languageTag ?? '');
    await ctx.systemPrompt(session, promptIn(account, 'welcomeMessage', session.languageTag));
    if (welcome) await ctx.writeMessage(session, { type: 'ChatBot.RobotSendMsg', from: account.accountId, role: 2, body: welcome });
    return armUserTimeout(ctx, session, account);
  }

  /** src 7's answers: the rating rules (src 23) and whether a human is there (src 26). */
  private async announceSettings(ctx: ConversationTx, session: Session, ruleFlag: number): Promise<void> {
    await ctx.systemFlag(session, ratingSettingsMessage(ruleFlag));
    await ctx.systemFlag(session, seatStatusMessage(session.state === 'Agent'));
  }

  /**
   * A customer's message: a pending group choice takes it first; in the robot phase its text goes to
   * the bot once this transaction commits, so the question is stored and shown before the answer
   * and a resend (same MsgRandom, answered from findResend) never reaches the bot.
   */
  private async afterUserMessage(ctx: ConversationTx, session: Session, account: Account, said: { text: string; msgKey: string; languageTag: string }): Promise<void> {
    const { text } = said;
    if (session.state === 'Chatbot' && text && (await this.handoff.chooseGroup(ctx, session, account, text))) return;
    if (session.state !== 'Chatbot' || !text || account.chatbotDisabled) {
      await disarmUserTimeout(ctx, session);
      return;
    }
    // The countdown stays armed until the robot answers (robotReply re-arms it): if the bot never does, the session still ends.
    const turn: RobotTurn = { appId: session.appId, sessionId: session.sessionId, account, userId: session.userId, ...said };
    ctx.afterCommit(() => this.robot.consume(turn));
  }

  /** What send_msg writes, for business servers, agents and the robot alike: the message, then the user's countdown. */
  private async writeServiceMessage(
    ctx: ConversationTx,
    session: Session,
    account: Account,
    message: { from: string; body: MsgElement[]; cloudCustomData?: string; clientMsgId: string; excludeFromUserTimeout?: boolean },
  ): Promise<{ sent: Written; session: Session }> {
    const { from, body, cloudCustomData, clientMsgId } = message;
    const sent = await ctx.writeMessage(session, { type: serviceEventOf(session), from, role: 2, body, cloudCustomData, clientMsgId });
    return { sent, session: message.excludeFromUserTimeout ? session : await armUserTimeout(ctx, session, account) };
  }

  /** What send_stream_msg writes: a src 31 message opened or grown, and the user's countdown. */
  private async writeStreamPart(ctx: ConversationTx, session: Session, account: Account, part: { chunk: string; msgKey?: string; finish: boolean; clientMsgId?: string }) {
    const written = part.msgKey
      ? await this.streams.append(ctx, session, part.msgKey, part.chunk, part.finish)
      : await this.streams.start(ctx, session, serviceEventOf(session), part.chunk, part.finish, part.clientMsgId);
    // The user's countdown runs from when the service side started and again from when it finished speaking.
    if (!part.msgKey || part.finish) await armUserTimeout(ctx, session, account);
    return written;
  }

  /** The chat's way to a person: the request now, the routing once this transaction commits. */
  private async askForHuman(ctx: ConversationTx, session: Session, account: Account): Promise<void> {
    // If this process dies before the step runs, the request's job routes it at its request time.
    const { result, requestedAt } = await this.handoff.request(ctx, session, account, CHAT_HANDOFF);
    if (!result) ctx.afterCommit(() => this.handoff.route(session.appId, session.sessionId, CHAT_HANDOFF, requestedAt));
  }

  /** src 27: valid while queued, waiting for an agent or with an agent (spec 02 R17). */
  private async userEnds(ctx: ConversationTx, session: Session, account: Account): Promise<void> {
    if (!HUMAN_STATES.has(session.state)) throw invalidState('src 27 ends a human session; this session is with the robot');
    await endSession(ctx, session, account, 'user', this.handoff);
  }

  /** src 10: fills the card's `selected` (MessageModified) and records the stars on the card's session. */
  private async rate(
    ctx: ConversationTx,
    account: Account,
    customer: Customer,
    message: Omit<Parameters<ConversationTx['writeMessage']>[1], 'type'>,
    selection: DeskMessage<'10'>,
  ): Promise<SendResult> {
    const { id, sessionId: ratingId } = selection.menuSelected;
    const [card] = await ctx.tx
      .select()
      .from(messages)
      .where(and(eq(messages.appId, customer.appId), eq(messages.msgKey, ratingId), eq(messages.streamId, streamOf(account.accountId, customer.userId))));
    const cardMessage = card && deskOf(card.body);
    if (!card || cardMessage?.src !== '9') throw invalidParam(`menuSelected.sessionId ${ratingId} does not name a rating card of this conversation`);
    const content = (cardMessage.message as DeskMessage<'9'>).menuContent;
    const level = content.menu.find((m) => m.id === id);
    const stars = this.deps.satisfaction.starsOf(id);
    if (!level || stars === undefined) throw invalidParam(`menuSelected.id ${id} is not a level of this rating card`);
    if (content.selected) throw invalidState('This rating card has already been answered');
    if (ctx.now().getTime() / 1000 > content.expireTime) throw invalidState(`This rating card expired after ${content.effectiveHour} hours`);
    const [session] = await ctx.tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.appId, customer.appId), eq(sessions.sessionId, card.sessionId)));
    const sent = await ctx.writeMessage(session, { ...message, type: userEventOf(session) });
    await ctx.modifyMessage(session, card, customBody({ ...cardMessage.message, menuContent: { ...content, selected: { id, content: level.content } } }));
    await ctx.change(session, { satisfaction: stars }, { type: 'SatisfactionSelected', payload: { satisfactionSelected: stars } });
    return { ...sent, sessionId: session.sessionId, duplicate: false };
  }

  // ---- timers ----------------------------------------------------------------------------------

  private async onUserTimeout(job: Job): Promise<void> {
    const sessionId = String(job.payload.sessionId);
    await this.onSession(
      job.appId,
      sessionId,
      async (ctx, session, account) => {
        if (timeoutDue(session, ctx.now())) await endSession(ctx, session, account, 'userTimeout', this.handoff);
      },
      { allowEnded: true, quietIfMissing: true },
    );
  }

  private async onStreamTimeout(job: Job): Promise<void> {
    await this.onSession(job.appId, String(job.payload.sessionId), (ctx, session) => this.streams.expire(ctx, session, String(job.payload.msgKey)), {
      allowEnded: true,
      quietIfMissing: true,
    });
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private run<T>(appId: number, accountId: string, userId: string, work: (ctx: ConversationTx) => Promise<T>): Promise<T> {
    return this.runner.run(appId, accountId, userId, work);
  }

  /** The turn's session under its conversation's lock (the turn knows the conversation: no lookup first). */
  private onTurn<T>(turn: RobotTurn, work: (ctx: ConversationTx, session: Session, account: Account) => Promise<T>): Promise<T> {
    return this.run(turn.appId, turn.account.accountId, turn.userId, async (ctx) => work(ctx, await ctx.reread(turn), turn.account));
  }

  private onSession<T>(appId: number, sessionId: string, work: (ctx: ConversationTx, session: Session, account: Account) => Promise<T>, options?: OnSessionOptions): Promise<T> {
    return this.runner.onSession(appId, sessionId, work, options);
  }

  private async findResend(ctx: ConversationTx, appId: number, streamId: string, from: string, clientMsgId?: string): Promise<SendResult | undefined> {
    if (!clientMsgId) return undefined;
    const since = new Date(ctx.now().getTime() - DEDUPE_WINDOW_MS);
    const [previous] = await ctx.tx
      .select()
      .from(messages)
      .where(and(eq(messages.appId, appId), eq(messages.streamId, streamId), eq(messages.fromAccount, from), eq(messages.clientMsgId, clientMsgId), gt(messages.at, since)));
    return previous && { msgKey: previous.msgKey, seq: previous.seq, sessionId: previous.sessionId, duplicate: true };
  }

  private async messageOf(ctx: ConversationTx, session: Session, msgKey: string): Promise<Message> {
    const [message] = await ctx.tx
      .select()
      .from(messages)
      .where(and(eq(messages.appId, session.appId), eq(messages.msgKey, msgKey), eq(messages.sessionId, session.sessionId)));
    if (!message) throw invalidParam(`MsgKey ${msgKey} is not a message of session ${session.sessionId}`);
    return message;
  }

  /** send_msg's two addressing modes (spec 05 §4.1); SessionId wins when both are given. */
  private async address(input: ServiceMessage): Promise<{ accountId: string; userId: string }> {
    if (input.sessionId) {
      const session = await this.runner.findSession(input.appId, input.sessionId);
      if (!session || session.state === 'Ended') throw noSession(`Session ${input.sessionId}`);
      return { accountId: session.accountId, userId: session.userId };
    }
    if (!input.accountId || !input.userId) throw invalidParam('Give SessionId, or FromAccount (a customer-service account) and ToAccount (the user)');
    // "Only a customer-service account sending to a user": an account is never the user of a session.
    if (await this.deps.accounts.getAccount(input.appId, input.userId)) throw invalidParam(`ToAccount ${input.userId} is a customer-service account, not a user`);
    return { accountId: input.accountId, userId: input.userId };
  }

  private async prepare(body: unknown, sender: 'customer' | 'service', appId: number, uploaderId?: string): Promise<CheckedBody> {
    const checked = checkBody(body, sender);
    if (checked.media.length === 0) return checked;
    const resolve = this.deps.media;
    if (!resolve) throw new AppError(90002, 'Image and file messages are not available on this server');
    const elements = [...checked.elements];
    for (const index of checked.media) elements[index] = await resolve(elements[index], { appId, uploaderId, index });
    return { ...checked, elements };
  }

  private requireAccount(appId: number, accountId: string): Promise<Account> {
    return this.runner.requireAccount(appId, accountId);
  }

  private async welcomeCard(account: Account, languageTag: string): Promise<MsgElement[] | undefined> {
    if (account.chatbotDisabled) return undefined;
    return this.robot.welcome(account, languageTag).catch(() => undefined);
  }
}

const userEventOf = (session: Session): SessionEventType => (session.state === 'Chatbot' ? 'ChatBot.UserSendMsg' : 'Human.UserSendMsg');
const serviceEventOf = (session: Session): SessionEventType => (session.state === 'Chatbot' ? 'ChatBot.RobotSendMsg' : 'Human.AgentSendMsg');
/** The client id of the robot's answer to a turn: at most one answer per customer message. */
const robotReplyId = (turn: RobotTurn) => `bot:${turn.msgKey}`;

export type { Written };

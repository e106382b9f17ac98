import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { ChannelType, MsgElement, SessionEventPayload, SessionEventType } from '@parley/protocol';
import type { Account, AccountService } from '../accounts/index.ts';
import type { AnswerService } from '../bot/answer-service.ts';
import type { Answer } from '../bot/answer-service.ts';
import type { EventBatch, Events } from '../events/index.ts';
import { eventStreams } from '../events/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { replyBody, textBody, textOf, validateBody } from './message-body.ts';
import { messages, sessions, type SessionState } from './schema.ts';

export type Session = typeof sessions.$inferSelect;
export type Message = typeof messages.$inferSelect;

export const UNKNOWN_ACCOUNT = 141004;

export interface UserMessage {
  appId: number;
  accountId: string;
  userId: string;
  channelType?: ChannelType;
  languageTag?: string;
  /** The client's MsgRandom: resending with the same value returns the first message. */
  msgRandom?: string;
  body: unknown;
  cloudCustomData?: string;
}

export interface SendResult {
  msgKey: string;
  seq: number;
  sessionId: string;
  duplicate: boolean;
}

/** A conversation is one user with one customer-service account; its events form one stream. */
export const streamOf = (accountId: string, userId: string) => `conv:${accountId}:${userId}`;

/** Opaque and unique, in the shape of Desk's keys (`124_1600045926_716f784b…`). */
const newMsgKey = (at: Date) => `${randomInt(100, 1000)}_${Math.floor(at.getTime() / 1000)}_${randomBytes(12).toString('hex')}`;

/**
 * Customer conversations: sessions, messages and the robot phase. Every write goes through the
 * event log in the same transaction, under the conversation's stream lock, so all screens and
 * callbacks see one order.
 */
export class ConversationService {
  constructor(
    private events: Events,
    private accounts: AccountService,
    private answers: AnswerService,
    private clock: Clock,
  ) {}

  /** src 7 / first contact: opens a session (welcome message and card) if none is open. */
  async enter(input: Omit<UserMessage, 'body' | 'msgRandom' | 'cloudCustomData'>): Promise<Session> {
    const account = await this.requireAccount(input.appId, input.accountId);
    const welcome = await this.welcomeCard(account, input.languageTag ?? '');
    return this.events.log.transaction(async (tx, batch) => (await this.openSession(tx, batch, account, input, welcome)).session);
  }

  async userSend(input: UserMessage): Promise<SendResult> {
    const body = validateBody(input.body);
    const account = await this.requireAccount(input.appId, input.accountId);
    const languageTag = input.languageTag ?? '';
    // The robot's answer is computed before the transaction (it reads the knowledge base), then
    // written in it only if the session is still with the robot.
    const text = textOf(body);
    const answer = !account.chatbotDisabled && text ? await this.answers.answer({ appId: input.appId, robotId: account.robotId, env: 'prod', languageTag, text }) : undefined;
    const welcome = await this.welcomeCard(account, languageTag);
    return this.events.log.transaction(async (tx, batch) => {
      const { session, stream } = await this.openSession(tx, batch, account, input, welcome);
      if (input.msgRandom) {
        const [previous] = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.appId, input.appId), eq(messages.streamId, stream), eq(messages.fromAccount, input.userId), eq(messages.clientMsgId, input.msgRandom)));
        if (previous) return { msgKey: previous.msgKey, seq: previous.seq, sessionId: previous.sessionId, duplicate: true };
      }
      const userEvent: SessionEventType = session.state === 'Chatbot' ? 'ChatBot.UserSendMsg' : 'Human.UserSendMsg';
      const sent = await this.writeMessage(tx, batch, session, userEvent, input.userId, 1, body, input.cloudCustomData ?? '', input.msgRandom);
      if (session.state === 'Chatbot' && answer) await this.robotTurn(tx, batch, session, account, answer);
      return { ...sent, sessionId: session.sessionId, duplicate: false };
    });
  }

  // ---- inside a conversation transaction ------------------------------------------------------

  /** Takes the conversation lock and returns its open session, creating one (with its greeting) if needed. */
  private async openSession(tx: DbOrTx, batch: EventBatch, account: Account, input: Pick<UserMessage, 'appId' | 'userId' | 'channelType' | 'languageTag'>, welcomeCard?: MsgElement[]) {
    const stream = streamOf(account.accountId, input.userId);
    await tx.insert(eventStreams).values({ appId: input.appId, streamId: stream, lastSeq: 0 }).onConflictDoNothing();
    await tx.execute(sql`SELECT 1 FROM event_streams WHERE app_id = ${input.appId} AND stream_id = ${stream} FOR UPDATE`);
    const [open] = await tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.appId, input.appId), eq(sessions.accountId, account.accountId), eq(sessions.userId, input.userId), ne(sessions.state, 'Ended')));
    if (open) return { session: open, stream };
    const [session] = await tx
      .insert(sessions)
      .values({
        appId: input.appId,
        sessionId: randomUUID(),
        accountId: account.accountId,
        userId: input.userId,
        channelType: input.channelType ?? 'SDK',
        languageTag: input.languageTag ?? '',
        state: 'Chatbot' as SessionState,
        startedAt: this.clock.now(),
      })
      .returning();
    await this.appendEvent(tx, batch, session, 'SessionBegin', {});
    const greeting = promptIn(account, 'welcomeMessage', session.languageTag);
    if (greeting) await this.writeMessage(tx, batch, session, 'SystemSendMsg', account.accountId, 2, textBody(greeting), '');
    if (welcomeCard && !account.chatbotDisabled) await this.writeMessage(tx, batch, session, 'ChatBot.RobotSendMsg', account.accountId, 2, welcomeCard, '');
    return { session, stream };
  }

  private async robotTurn(tx: DbOrTx, batch: EventBatch, session: Session, account: Account, answer: Answer): Promise<void> {
    if (answer.robotDisabled) return;
    if (answer.reply) await this.writeMessage(tx, batch, session, 'ChatBot.RobotSendMsg', account.accountId, 2, replyBody(answer.reply), '');
    if (answer.branch === 'to_agent') await this.requestHuman(tx, batch, session, account);
  }

  /**
   * Every path to a human lands here. Human service (routing, queues, agents) is not built yet,
   * so the request ends as "no agent online" with the account's failure prompt.
   */
  private async requestHuman(tx: DbOrTx, batch: EventBatch, session: Session, account: Account): Promise<void> {
    await this.appendEvent(tx, batch, session, 'TransferringToHuman', {});
    const transferring = promptIn(account, 'transferToHumanPrompt', session.languageTag);
    if (transferring) await this.writeMessage(tx, batch, session, 'SystemSendMsg', account.accountId, 2, textBody(transferring), '');
    await this.appendEvent(tx, batch, session, 'NoAgentOnline', {});
    const failed = promptIn(account, 'transferToHumanFailPrompt', session.languageTag);
    if (failed) await this.writeMessage(tx, batch, session, 'SystemSendMsg', account.accountId, 2, textBody(failed), '');
  }

  private async writeMessage(tx: DbOrTx, batch: EventBatch, session: Session, type: SessionEventType, from: string, role: 1 | 2 | 3, body: MsgElement[], cloudCustomData: string, clientMsgId?: string) {
    const at = this.clock.now();
    const stream = streamOf(session.accountId, session.userId);
    const msgKey = newMsgKey(at);
    const event = await this.appendEvent(tx, batch, session, type, { msgKey, msgBody: body, cloudCustomData, fromAccountRole: role });
    await tx.insert(messages).values({ appId: session.appId, msgKey, sessionId: session.sessionId, streamId: stream, seq: event.seq, fromAccount: from, fromRole: role, clientMsgId: clientMsgId ?? null, body, cloudCustomData, at });
    return { msgKey, seq: event.seq };
  }

  private appendEvent(tx: DbOrTx, batch: EventBatch, session: Session, type: SessionEventType, extra: Partial<SessionEventPayload>) {
    const payload: SessionEventPayload = {
      sessionId: session.sessionId,
      channelType: session.channelType,
      clientUserId: session.userId,
      customerServiceId: session.accountId,
      ...(session.agentId ? { agentId: session.agentId } : {}),
      ...(session.isContactUser ? { isContactUser: true } : {}),
      ...extra,
    };
    return this.events.log.append(tx, batch, session.appId, streamOf(session.accountId, session.userId), type, payload as unknown as Record<string, unknown>);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private async requireAccount(appId: number, accountId: string): Promise<Account> {
    const account = await this.accounts.getAccount(appId, accountId);
    if (!account) throw new AppError(UNKNOWN_ACCOUNT, `Customer-service account ${accountId} does not exist in this app`);
    return account;
  }

  private async welcomeCard(account: Account, languageTag: string): Promise<MsgElement[] | undefined> {
    if (account.chatbotDisabled) return undefined;
    const card = await this.answers.welcome({ appId: account.appId, robotId: account.robotId }, 'prod', languageTag).catch(() => undefined);
    return card ? replyBody({ type: 'custom', data: card }) : undefined;
  }
}

/** A prompt in the session's language, falling back to the account's default text. */
function promptIn(account: Account, prompt: 'welcomeMessage' | 'transferToHumanPrompt' | 'transferToHumanFailPrompt', languageTag: string): string {
  return (languageTag && account.multilingual?.[prompt]?.[languageTag]) || account[prompt];
}

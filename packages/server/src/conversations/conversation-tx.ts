import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { ChannelType, MsgElement, SessionEventPayload, SessionEventType } from '@parley/protocol';
import type { Account } from '../accounts/index.ts';
import { lockStream, tryLockStream, type EventBatch, type Events } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { DbOrTx } from '../platform/db.ts';
import { messages, sessions, type SessionState } from './schema.ts';
import { assertChange } from './session-states.ts';
import { logFailure } from '../platform/logger.ts';

export type Session = typeof sessions.$inferSelect;
export type Message = typeof messages.$inferSelect;

/** A conversation is one user with one customer-service account; its events form one stream. */
export const streamOf = (accountId: string, userId: string) => `conv:${accountId}:${userId}`;

/** Opaque and unique, in the shape of Desk's keys (`124_1600045926_716f784b…`). */
export const newMsgKey = (at: Date) => `${randomInt(100, 1000)}_${Math.floor(at.getTime() / 1000)}_${randomBytes(12).toString('hex')}`;

export interface NewMessage {
  type: SessionEventType;
  from: string;
  /** 1 user, 2 customer-service side (robot, agent, business server), 3 system prompts. */
  role: 1 | 2 | 3;
  body: MsgElement[];
  cloudCustomData?: string;
  clientMsgId?: string;
  flag?: boolean;
  streamOpen?: boolean;
  msgKey?: string;
  /** More payload for the event (e.g. the queue position a queue prompt announces). */
  extra?: Pick<SessionEventPayload, 'queuePosition'>;
}

export interface Written {
  msgKey: string;
  seq: number;
}

/**
 * Session fields that record no business fact of their own, so they change without an event:
 * `timeoutAt` mirrors the user-timeout job; `announcedPosition` the last queue prompt (whose event
 * carries queuePosition); `groupChoiceMsgKey` points at the src 15 message; `queuedAt` orders the
 * queue (it takes the time of the TransferringToHuman request); `ratingInvitedAt` marks the rating card message.
 * Everything else (state, agent, suspended, mark, star, user-timeout switch, priority, routing
 * target, satisfaction, contact flag, end) changes only through ConversationTx.change() with an event.
 */
export const BOOKKEEPING_FIELDS = ['timeoutAt', 'announcedPosition', 'groupChoiceMsgKey', 'queuedAt', 'ratingInvitedAt'] as const;
export type BookkeepingField = (typeof BOOKKEEPING_FIELDS)[number];
const BOOKKEEPING: ReadonlySet<string> = new Set(BOOKKEEPING_FIELDS);

/** What a change may set: never the session's identity. */
export type SessionPatch = Partial<Omit<Session, 'appId' | 'sessionId' | 'accountId' | 'userId' | 'channelType' | 'startedAt'>>;

/** The event that records a session change. */
export interface SessionChangeEvent {
  type: SessionEventType;
  payload?: Partial<SessionEventPayload>;
}

/**
 * One unit of work on one conversation, inside a transaction that holds the conversation's stream
 * lock. Every change goes through here, so messages, session rows and events stay in one order.
 */
export class ConversationTx {
  private afterCommitSteps: Array<() => Promise<unknown>> = [];

  constructor(
    readonly tx: DbOrTx,
    readonly batch: EventBatch,
    private events: Events,
    private clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  get jobs() {
    return this.events.jobs;
  }

  /** Work that must follow the commit (routing, which takes other conversations' locks). */
  afterCommit(step: () => Promise<unknown>): void {
    this.afterCommitSteps.push(step);
  }

  /** Failures are left to the safety-net jobs that every after-commit step also has. */
  async runAfterCommit(): Promise<void> {
    for (const step of this.afterCommitSteps.splice(0)) await step().catch(logFailure('conversations', 'an after-commit step (its safety-net job retries it)'));
  }

  /** Takes the stream's row lock: every writer of this conversation queues behind it. */
  async lock(appId: number, accountId: string, userId: string): Promise<void> {
    await lockStream(this.tx, appId, streamOf(accountId, userId));
  }

  /**
   * Takes the lock only if nobody holds it (FOR UPDATE SKIP LOCKED): a queue drain that holds the
   * routing lock must never wait for a conversation, or it could deadlock with a writer there.
   */
  async tryLock(appId: number, accountId: string, userId: string): Promise<boolean> {
    return tryLockStream(this.tx, appId, streamOf(accountId, userId));
  }

  /** The session's row as it is now, under the lock. */
  async reread(session: Pick<Session, 'appId' | 'sessionId'>): Promise<Session> {
    const [row] = await this.tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.appId, session.appId), eq(sessions.sessionId, session.sessionId)));
    return row;
  }

  openSession(appId: number, accountId: string, userId: string): Promise<Session | undefined> {
    return findOpenSession(this.tx, appId, accountId, userId);
  }

  /** The move from no session to Chatbot (SESSION_TRANSITIONS.none): every session begins with the robot. */
  async createSession(account: Account, userId: string, channelType: ChannelType, languageTag: string, extra: Pick<Partial<Session>, 'isContactUser'> = {}): Promise<Session> {
    const [session] = await this.tx
      .insert(sessions)
      .values({
        appId: account.appId,
        sessionId: randomUUID(),
        accountId: account.accountId,
        userId,
        channelType,
        languageTag,
        agentGroupId: account.agentGroupId,
        state: 'Chatbot' as SessionState,
        startedAt: this.now(),
        ...extra,
      })
      .returning();
    await this.appendEvent(session, 'SessionBegin', {});
    return session;
  }

  /**
   * Every business change of a session: checks the move against the state machine, writes the row
   * and appends the event that records it, in this transaction (under the conversation's lock). The
   * event's payload describes the session after the change; `event.payload` adds to it or overrides
   * it (MemberAccessTimeout names the agent who lost the session).
   */
  async change(session: Session, patch: SessionPatch, event: SessionChangeEvent): Promise<Session> {
    assertChange(session.state, patch.state, Object.keys(patch), session.sessionId);
    const row = await this.write(session, patch);
    await this.appendEvent(row, event.type, event.payload ?? {});
    return row;
  }

  /** Bookkeeping fields only (BOOKKEEPING_FIELDS): they mirror a timer or an event written elsewhere, so no event of their own. */
  async note(session: Session, patch: Partial<Pick<Session, BookkeepingField>>): Promise<Session> {
    const business = Object.keys(patch).filter((field) => !BOOKKEEPING.has(field));
    if (business.length > 0) throw new Error(`Session fields ${business.join(', ')} change with an event: use ConversationTx.change()`);
    return this.write(session, patch);
  }

  private async write(session: Session, patch: Partial<Session>): Promise<Session> {
    if (Object.keys(patch).length === 0) return session; // an UPDATE without columns is an error
    const [row] = await this.tx
      .update(sessions)
      .set(patch)
      .where(and(eq(sessions.appId, session.appId), eq(sessions.sessionId, session.sessionId)))
      .returning();
    return row;
  }

  async writeMessage(session: Session, message: NewMessage): Promise<Written> {
    const at = this.now();
    const msgKey = message.msgKey ?? newMsgKey(at);
    const cloudCustomData = message.cloudCustomData ?? '';
    const event = await this.appendEvent(session, message.type, { msgKey, msgBody: message.body, cloudCustomData, fromAccountRole: message.role, ...message.extra });
    await this.tx.insert(messages).values({
      appId: session.appId,
      msgKey,
      sessionId: session.sessionId,
      streamId: streamOf(session.accountId, session.userId),
      seq: event.seq,
      fromAccount: message.from,
      fromRole: message.role,
      clientMsgId: message.clientMsgId ?? null,
      body: message.body,
      cloudCustomData,
      flag: message.flag ?? false,
      streamOpen: message.streamOpen ?? false,
      at,
    });
    return { msgKey, seq: event.seq };
  }

  /** Replaces a stored message's body; clients and callbacks receive MessageModified. */
  async modifyMessage(session: Session, message: Message, body: MsgElement[], cloudCustomData?: string): Promise<void> {
    const custom = cloudCustomData ?? message.cloudCustomData;
    await this.tx
      .update(messages)
      .set({ body, cloudCustomData: custom, modifiedAt: this.now() })
      .where(and(eq(messages.appId, message.appId), eq(messages.msgKey, message.msgKey)));
    await this.appendEvent(session, 'MessageModified', { msgKey: message.msgKey, msgBody: body, cloudCustomData: custom });
  }

  /** A prompt from the system to the user (welcome, transfer, end); skipped when configured empty. */
  async systemPrompt(session: Session, text: string, extra?: NewMessage['extra']): Promise<void> {
    if (text) await this.writeMessage(session, { type: 'SystemSendMsg', from: session.accountId, role: 3, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }], extra });
  }

  /** A Desk flag from the service side (src 19, 20, 23, 26): drives the client, not chat history. */
  async systemFlag(session: Session, message: object): Promise<void> {
    await this.writeMessage(session, { type: 'SystemSendMsg', from: session.accountId, role: 3, body: [{ MsgType: 'TIMCustomElem', MsgContent: { Data: JSON.stringify(message) } }], flag: true });
  }

  appendEvent(session: Session, type: SessionEventType, extra: Partial<SessionEventPayload> & Record<string, unknown>) {
    const payload = {
      sessionId: session.sessionId,
      channelType: session.channelType,
      clientUserId: session.userId,
      customerServiceId: session.accountId,
      ...(session.agentId ? { agentId: session.agentId } : {}),
      ...(session.isContactUser ? { isContactUser: true } : {}),
      ...extra,
    };
    return this.events.log.append(this.tx, this.batch, session.appId, streamOf(session.accountId, session.userId), type, payload);
  }
}

/** The user's open session with an account (at most one: the `sessions_open` index). */
export async function findOpenSession(db: DbOrTx, appId: number, accountId: string, userId: string): Promise<Session | undefined> {
  const [open] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.appId, appId), eq(sessions.accountId, accountId), eq(sessions.userId, userId), ne(sessions.state, 'Ended')));
  return open;
}

/** A prompt in the session's language, falling back to the account's default text. */
export function promptIn(account: Account, prompt: keyof Account['multilingual'], languageTag: string): string {
  return (languageTag && account.multilingual?.[prompt]?.[languageTag]) || account[prompt];
}

import { and, asc, count, desc, eq, gte, lt, lte } from 'drizzle-orm';
import type { MsgElement } from '@parley/protocol';
import { customerNicks } from '../customers/index.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { findOpenSession } from './conversation-tx.ts';
import { invalidParam, noSession } from './errors.ts';
import { messages, sessions, type EndStatus, type SessionState } from './schema.ts';

/** describe_chat_messages reports an unknown session with its own code (spec 05 §9.19). */
export const UNKNOWN_SESSION_IN_HISTORY = 141010;
export const PAGE_MAX = 100;

export interface HistoryMessage {
  msgKey: string;
  fromAccount: string;
  fromRole: number;
  body: MsgElement[];
  cloudCustomData: string;
  at: Date;
}

/** A message of a customer's conversation with one account, as it reads now (edits applied). */
export interface ConversationMessage {
  seq: number;
  msgKey: string;
  sessionId: string;
  fromRole: number;
  body: MsgElement[];
  cloudCustomData: string;
  at: Date;
}

export interface SessionRecord {
  sessionId: string;
  agentGroupId: number;
  agentId: string;
  channelType: string;
  clientUserId: string;
  clientNick: string;
  durationSeconds: number;
  endStatus: EndStatus | null;
  satisfaction: number | null;
  startedAt: Date;
}

export type CurrentState = Exclude<SessionState, 'Ended'> | 'NotInSession';

/** Read models of conversations: chat history, session records and session state. */
export class ConversationQueries {
  constructor(private db: Db) {}

  /** A session's messages, flags excluded, oldest or newest first. */
  async history(appId: number, sessionId: string, page: { limit: number; offset: number; newestFirst: boolean }) {
    checkPage(page.limit, page.offset);
    const [session] = await this.db
      .select({ id: sessions.sessionId })
      .from(sessions)
      .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId)));
    if (!session) throw new AppError(UNKNOWN_SESSION_IN_HISTORY, `Session ${sessionId} does not exist`);
    const where = and(eq(messages.appId, appId), eq(messages.sessionId, sessionId), eq(messages.flag, false));
    const [{ total }] = await this.db.select({ total: count() }).from(messages).where(where);
    const rows: HistoryMessage[] = await this.db
      .select({ msgKey: messages.msgKey, fromAccount: messages.fromAccount, fromRole: messages.fromRole, body: messages.body, cloudCustomData: messages.cloudCustomData, at: messages.at })
      .from(messages)
      .where(where)
      .orderBy(page.newestFirst ? desc(messages.seq) : asc(messages.seq))
      .limit(page.limit)
      .offset(page.offset);
    return { total, messages: rows };
  }

  /**
   * One page of a conversation stream (every session of a user with an account), newest first:
   * the messages with seq below `before` (all when omitted), flags excluded.
   */
  async conversationPage(appId: number, streamId: string, page: { before?: number; limit: number }): Promise<{ messages: ConversationMessage[]; hasMore: boolean }> {
    const rows = await this.db
      .select({
        seq: messages.seq,
        msgKey: messages.msgKey,
        sessionId: messages.sessionId,
        fromRole: messages.fromRole,
        body: messages.body,
        cloudCustomData: messages.cloudCustomData,
        at: messages.at,
      })
      .from(messages)
      .where(and(eq(messages.appId, appId), eq(messages.streamId, streamId), eq(messages.flag, false), page.before === undefined ? undefined : lt(messages.seq, page.before)))
      .orderBy(desc(messages.seq))
      // One more than asked tells whether an older page exists.
      .limit(page.limit + 1);
    return { messages: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** Ended sessions that began in [from, to], newest first (describe_im_cdr_list). */
  async records(appId: number, filter: { from: Date; to: Date; limit: number; offset: number; clientUserId?: string }) {
    checkPage(filter.limit, filter.offset);
    if (filter.to < filter.from) throw invalidParam('EndTimestamp must not be before StartTimestamp');
    const where = and(
      eq(sessions.appId, appId),
      eq(sessions.state, 'Ended'),
      gte(sessions.startedAt, filter.from),
      lte(sessions.startedAt, filter.to),
      filter.clientUserId === undefined ? undefined : eq(sessions.userId, filter.clientUserId),
    );
    const [{ total }] = await this.db.select({ total: count() }).from(sessions).where(where);
    const rows = await this.db.select({ session: sessions }).from(sessions).where(where).orderBy(desc(sessions.startedAt), asc(sessions.sessionId)).limit(filter.limit).offset(filter.offset);
    const nicks = await customerNicks(
      this.db,
      appId,
      rows.map((r) => r.session.userId),
    );
    const records: SessionRecord[] = rows.map(({ session: s }) => ({
      sessionId: s.sessionId,
      agentGroupId: s.agentGroupId,
      agentId: s.agentId,
      channelType: s.channelType,
      clientUserId: s.userId,
      clientNick: nicks.get(s.userId) ?? '',
      durationSeconds: Math.max(0, Math.round(((s.endedAt ?? s.startedAt).getTime() - s.startedAt.getTime()) / 1000)),
      endStatus: s.endStatus,
      satisfaction: s.satisfaction,
      startedAt: s.startedAt,
    }));
    return { total, records };
  }

  /** By session id (an ended or unknown one is 141005), or the user's open session with an account. */
  async state(appId: number, by: { sessionId: string } | { userId: string; accountId: string }): Promise<{ sessionId: string; state: CurrentState; agentId: string }> {
    if ('sessionId' in by) {
      const [s] = await this.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, by.sessionId)));
      if (!s || s.state === 'Ended') throw noSession(`Session ${by.sessionId}`);
      return describeState(s);
    }
    const open = await findOpenSession(this.db, appId, by.accountId, by.userId);
    return open ? describeState(open) : { sessionId: '', state: 'NotInSession', agentId: '' };
  }
}

function describeState(s: typeof sessions.$inferSelect) {
  const withAgent = s.state === 'Agent' || s.state === 'WaitingForAgentAnswering';
  return { sessionId: s.sessionId, state: s.state as CurrentState, agentId: withAgent ? s.agentId : '' };
}

function checkPage(limit: number, offset: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw invalidParam(`Limit must be an integer from 1 to ${PAGE_MAX}`);
  if (!Number.isInteger(offset) || offset < 0) throw invalidParam('Offset must be a non-negative integer');
}

import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AgentEntry, MsgElement, SessionItem } from '@parley/protocol';
import type { AccountService } from '../accounts/index.ts';
import { noSession } from '../conversations/errors.ts';
import { deskOf } from '../conversations/message-body.ts';
import { messages, sessions } from '../conversations/schema.ts';
import { customers } from '../customers/schema.ts';
import { events } from '../events/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { rowsOf, type Db } from '../platform/db.ts';
import { agentStreamOf } from '../routing/agent-states.ts';
import { QUEUE_ORDER } from '../routing/queue-positions.ts';
import { agentStates } from '../routing/schema.ts';
import type { ServiceSettingsService } from '../routing/service-settings.ts';
import { escapeLike, memberSearch } from '../team/members.ts';
import { agentGroups, groupMembers, members, type Role } from '../team/schema.ts';

// What the workbench reads (spec 03 §1.4, 01 §11.1): session lists, a session's history and
// customer panel, the agents for the transfer dialog, and the live counters of monitoring.

export const SESSION_VIEWS = ['mine', 'queue', 'history'] as const;
export type SessionView = (typeof SESSION_VIEWS)[number];
export const MESSAGES_PAGE_MAX = 200;
const PREVIEW_CHARS = 100;
const OPEN_STATES = ['Agent', 'WaitingForAgentAnswering'] as const;

/** Who reads: an agent (memberId) or the app administrator (UserSig, no memberId, super admin). */
export interface Viewer {
  memberId?: string;
  roles: readonly Role[];
}

export interface SessionListQuery {
  view: SessionView;
  q?: string;
  page: number;
  pageSize: number;
}

type SessionRow = typeof sessions.$inferSelect;

export interface WorkbenchQueryDeps {
  db: Db;
  clock: Clock;
  settings: ServiceSettingsService;
  accounts: AccountService;
}

/**
 * Read models of the workbench. Who may read a session: the agent it is with now, every agent
 * who had it in service before (a SessionAssigned in their stream), and the super admin.
 */
export class WorkbenchQueries {
  constructor(private deps: WorkbenchQueryDeps) {}

  // ---- session lists -------------------------------------------------------------------------

  async sessions(appId: number, viewer: Viewer, query: SessionListQuery) {
    const [mine, queue, history] = await Promise.all([this.countWhere(this.mineWhere(appId, viewer)), this.queueCount(appId), this.countWhere(this.historyWhere(appId, viewer))]);
    const counts = { mine, queue, history };
    const offset = (query.page - 1) * query.pageSize;
    const page = query.view === 'queue' ? await this.queuePage(appId, query.q, query.pageSize, offset) : await this.listPage(appId, viewer, query, offset);
    const items = await this.items(appId, page.rows, page.positions);
    return { items, total: page.total, page: query.page, pageSize: query.pageSize, counts };
  }

  /** The agent's open sessions, for the realtime socket to follow. */
  async openSessionsOf(appId: number, memberId: string) {
    return this.deps.db
      .select({ sessionId: sessions.sessionId, accountId: sessions.accountId, userId: sessions.userId, state: sessions.state })
      .from(sessions)
      .where(and(eq(sessions.appId, appId), eq(sessions.agentId, memberId), inArray(sessions.state, [...OPEN_STATES])))
      .orderBy(asc(sessions.assignedAt), asc(sessions.sessionId));
  }

  private mineWhere(appId: number, viewer: Viewer): SQL {
    return and(eq(sessions.appId, appId), eq(sessions.agentId, viewer.memberId ?? ''), ne(sessions.agentId, ''), inArray(sessions.state, [...OPEN_STATES]))!;
  }

  /** Service records: ended sessions the agent had in service; the super admin sees every one an agent had. */
  private historyWhere(appId: number, viewer: Viewer): SQL {
    const ended = and(eq(sessions.appId, appId), eq(sessions.state, 'Ended'));
    if (viewer.roles.includes('super_admin')) return and(ended, ne(sessions.agentId, ''))!;
    return and(ended, this.servedBy(appId, viewer.memberId ?? ''))!;
  }

  /** Sessions ever put in the member's service: assignment, acceptance, transfer in, contact. */
  private servedBy(appId: number, memberId: string): SQL {
    return sql`${sessions.sessionId} IN (SELECT ${events.payload}->>'sessionId' FROM ${events}
      WHERE ${events.appId} = ${appId} AND ${events.streamId} = ${agentStreamOf(memberId)} AND ${events.type} = 'SessionAssigned')`;
  }

  private async countWhere(where: SQL): Promise<number> {
    const [{ total }] = await this.deps.db.select({ total: count() }).from(sessions).where(where);
    return total;
  }

  private async listPage(appId: number, viewer: Viewer, query: SessionListQuery, offset: number) {
    const mine = query.view === 'mine';
    const where = and(mine ? this.mineWhere(appId, viewer) : this.historyWhere(appId, viewer), searchOf(query.q));
    const [{ total }] = await this.deps.db.select({ total: count() }).from(sessions).leftJoin(customers, customerJoin).where(where);
    const order = mine ? [sql`(${sessions.state} = 'WaitingForAgentAnswering') DESC`, desc(sessions.assignedAt), asc(sessions.sessionId)] : [desc(sessions.endedAt), asc(sessions.sessionId)];
    const rows = await this.deps.db
      .select({ session: sessions })
      .from(sessions)
      .leftJoin(customers, customerJoin)
      .where(where)
      .orderBy(...order)
      .limit(query.pageSize)
      .offset(offset);
    return { total, rows: rows.map((r) => r.session), positions: new Map<string, number>() };
  }

  /** Waiting sessions in queue order; a search keeps each one's place in the whole queue. */
  private async queuePage(appId: number, q: string | undefined, limit: number, offset: number) {
    const search = q ? sql`AND (q.user_id ILIKE ${likePattern(q)} OR c.nick ILIKE ${likePattern(q)})` : sql``;
    const from = sql`FROM (SELECT session_id, user_id, row_number() OVER (ORDER BY ${QUEUE_ORDER})::int AS position
        FROM sessions WHERE app_id = ${appId} AND state = 'Queueing' AND queued_at IS NOT NULL) q
      LEFT JOIN customers c ON c.app_id = ${appId} AND c.user_id = q.user_id
      WHERE true ${search}`;
    const [{ total }] = rowsOf<{ total: number }>(await this.deps.db.execute(sql`SELECT count(*)::int AS total ${from}`));
    const page = rowsOf<{ sessionId: string; position: number }>(
      await this.deps.db.execute(sql`SELECT q.session_id AS "sessionId", q.position ${from} ORDER BY q.position LIMIT ${limit} OFFSET ${offset}`),
    );
    const positions = new Map(page.map((p) => [p.sessionId, Number(p.position)]));
    const found = page.length ? await this.deps.db.select().from(sessions).where(and(eq(sessions.appId, appId), inArray(sessions.sessionId, [...positions.keys()]))) : [];
    const rows = [...found].sort((a, b) => positions.get(a.sessionId)! - positions.get(b.sessionId)!);
    return { total: Number(total), rows, positions };
  }

  private queueCount(appId: number): Promise<number> {
    return this.countWhere(and(eq(sessions.appId, appId), eq(sessions.state, 'Queueing'), sql`${sessions.queuedAt} IS NOT NULL`)!);
  }

  /** List items: the session, the customer's nick, the last message, the accept deadline. */
  private async items(appId: number, rows: SessionRow[], positions: Map<string, number>): Promise<SessionItem<Date>[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.sessionId);
    const settings = await this.deps.settings.get(appId);
    const nicks = await this.nicksOf(appId, [...new Set(rows.map((r) => r.userId))]);
    const last = await this.deps.db
      .selectDistinctOn([messages.sessionId], { sessionId: messages.sessionId, msgKey: messages.msgKey, fromAccount: messages.fromAccount, fromRole: messages.fromRole, body: messages.body, at: messages.at })
      .from(messages)
      .where(and(eq(messages.appId, appId), inArray(messages.sessionId, ids), eq(messages.flag, false)))
      .orderBy(messages.sessionId, desc(messages.seq));
    const lastBySession = new Map(last.map((m) => [m.sessionId, { msgKey: m.msgKey, fromAccount: m.fromAccount, fromRole: m.fromRole, preview: previewOf(m.body), at: m.at }]));
    return rows.map((s) => ({
      ...itemOf(s, nicks.get(s.userId) ?? '', settings.acceptTimeout),
      ...(positions.has(s.sessionId) ? { position: positions.get(s.sessionId) } : {}),
      lastMessage: lastBySession.get(s.sessionId) ?? null,
    }));
  }

  private async nicksOf(appId: number, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.deps.db.select({ userId: customers.userId, nick: customers.nick }).from(customers).where(and(eq(customers.appId, appId), inArray(customers.userId, userIds)));
    return new Map(rows.map((r) => [r.userId, r.nick]));
  }

  // ---- one session -----------------------------------------------------------------------------

  /** A session the viewer may read, or 141005 (unknown, another app's, or not theirs: all alike). */
  async readable(appId: number, sessionId: string, viewer: Viewer): Promise<SessionRow> {
    const [row] = await this.deps.db.select().from(sessions).where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId)));
    if (!row || !(await this.mayRead(appId, row, viewer))) throw noSession(`Session ${sessionId}`);
    return row;
  }

  /** An open session in the member's hands (in service or offered to them), or 141005. */
  async own(appId: number, sessionId: string, memberId: string): Promise<SessionRow> {
    const [row] = await this.deps.db.select().from(sessions).where(and(eq(sessions.appId, appId), eq(sessions.sessionId, sessionId)));
    if (!row || row.agentId !== memberId || !OPEN_STATES.includes(row.state as (typeof OPEN_STATES)[number])) throw noSession(`Session ${sessionId} of yours`);
    return row;
  }

  private async mayRead(appId: number, session: SessionRow, viewer: Viewer): Promise<boolean> {
    if (viewer.roles.includes('super_admin')) return true;
    if (!viewer.memberId) return false;
    if (session.agentId === viewer.memberId && session.state !== 'Chatbot' && session.state !== 'Queueing') return true;
    const [served] = await this.deps.db.select({ total: count() }).from(sessions).where(and(eq(sessions.appId, appId), eq(sessions.sessionId, session.sessionId), this.servedBy(appId, viewer.memberId)));
    return served.total > 0;
  }

  /** The customer panel (用户信息): user id, nick, source (channel and account), earlier sessions. */
  async info(appId: number, sessionId: string, viewer: Viewer) {
    const session = await this.readable(appId, sessionId, viewer);
    const settings = await this.deps.settings.get(appId);
    const [customer] = await this.deps.db.select().from(customers).where(and(eq(customers.appId, appId), eq(customers.userId, session.userId)));
    const account = await this.deps.accounts.getAccount(appId, session.accountId);
    const [{ total }] = await this.deps.db
      .select({ total: count() })
      .from(sessions)
      .where(and(eq(sessions.appId, appId), eq(sessions.userId, session.userId), ne(sessions.sessionId, sessionId)));
    return {
      session: itemOf(session, customer?.nick ?? '', settings.acceptTimeout),
      customer: {
        userId: session.userId,
        nick: customer?.nick ?? '',
        avatarUrl: customer?.avatarUrl ?? '',
        channelType: customer?.channelType ?? session.channelType,
        pastSessions: total,
      },
      account: { accountId: session.accountId, nick: account?.nick ?? '' },
    };
  }

  /**
   * The session's whole history, the robot part before the handoff included; flags are not
   * history. Newest page first (`before` a seq for earlier ones), each page oldest first.
   */
  async messages(appId: number, sessionId: string, viewer: Viewer, page: { before?: number; limit: number }) {
    await this.readable(appId, sessionId, viewer);
    const rows = await this.deps.db
      .select({ msgKey: messages.msgKey, seq: messages.seq, fromAccount: messages.fromAccount, fromRole: messages.fromRole, body: messages.body, cloudCustomData: messages.cloudCustomData, at: messages.at, modifiedAt: messages.modifiedAt })
      .from(messages)
      .where(and(eq(messages.appId, appId), eq(messages.sessionId, sessionId), eq(messages.flag, false), page.before !== undefined ? lt(messages.seq, page.before) : undefined))
      .orderBy(desc(messages.seq))
      .limit(page.limit + 1);
    const more = rows.length > page.limit;
    return { messages: rows.slice(0, page.limit).reverse(), more };
  }

  /** Where a session's events begin in its conversation stream (a conversation holds many sessions). */
  async firstSeqOf(appId: number, streamId: string, sessionId: string): Promise<number | undefined> {
    const [row] = await this.deps.db
      .select({ seq: sql<number | null>`min(${events.seq})`.mapWith(Number) })
      .from(events)
      .where(and(eq(events.appId, appId), eq(events.streamId, streamId), sql`${events.payload}->>'sessionId' = ${sessionId}`));
    return row?.seq || undefined;
  }

  // ---- agents and monitoring -------------------------------------------------------------------

  /**
   * Members who can serve (staff or super admin, not deleted, not forced offline) with status,
   * load and capacity: the transfer dialog's "who is online and idle" and the monitoring page.
   */
  async agents(appId: number, filter: { q?: string; groupId?: number } = {}): Promise<AgentEntry<Date>[]> {
    const { db } = this.deps;
    const settings = await this.deps.settings.get(appId);
    const inGroup = filter.groupId !== undefined ? sql`${members.memberId} IN (SELECT member_id FROM group_members WHERE app_id = ${appId} AND group_id = ${filter.groupId})` : undefined;
    const rows = await db
      .select({ member: members, state: agentStates })
      .from(members)
      .leftJoin(agentStates, and(eq(agentStates.appId, members.appId), eq(agentStates.memberId, members.memberId)))
      .where(and(eq(members.appId, appId), isNull(members.deletedAt), eq(members.loginDisabled, false), sql`(${members.roles} ? 'staff' OR ${members.roles} ? 'super_admin')`, memberSearch(filter.q), inGroup))
      .orderBy(asc(members.nick), asc(members.memberId));
    const groups = await this.groupsByMember(appId);
    const open = await this.openByAgent(appId);
    return rows.map(({ member, state }) => {
      const status = state?.status ?? 'offline';
      const load = state?.load ?? 0;
      const capacity = member.maxConcurrent ?? settings.maxConcurrent;
      return {
        memberId: member.memberId,
        nick: member.nick,
        email: member.email,
        roles: member.roles,
        status,
        restReason: state?.restReason ?? '',
        statusSince: state?.statusSince ?? null,
        online: status !== 'offline',
        load,
        capacity,
        available: status === 'idle' && load < capacity,
        openSessions: open.get(member.memberId) ?? 0,
        lastSeenAt: state?.lastSeenAt ?? null,
        groups: groups.get(member.memberId) ?? [],
      };
    });
  }

  private async groupsByMember(appId: number): Promise<Map<string, { groupId: number; name: string }[]>> {
    const rows = await this.deps.db
      .select({ memberId: groupMembers.memberId, groupId: agentGroups.groupId, name: agentGroups.name })
      .from(groupMembers)
      .innerJoin(agentGroups, and(eq(agentGroups.groupId, groupMembers.groupId), eq(agentGroups.appId, appId)))
      .where(eq(groupMembers.appId, appId))
      .orderBy(asc(agentGroups.name));
    const byMember = new Map<string, { groupId: number; name: string }[]>();
    for (const { memberId, groupId, name } of rows) byMember.set(memberId, [...(byMember.get(memberId) ?? []), { groupId, name }]);
    return byMember;
  }

  private async openByAgent(appId: number): Promise<Map<string, number>> {
    const rows = await this.deps.db
      .select({ agentId: sessions.agentId, total: count() })
      .from(sessions)
      .where(and(eq(sessions.appId, appId), inArray(sessions.state, [...OPEN_STATES])))
      .groupBy(sessions.agentId);
    return new Map(rows.map((r) => [r.agentId, r.total]));
  }

  /** Real-time reception (spec 01 §11.1): queued, in service, offered, the longest wait now. */
  async queueNow(appId: number) {
    const waiting = sql`${sessions.state} = 'Queueing' AND ${sessions.queuedAt} IS NOT NULL`;
    const [row] = await this.deps.db
      .select({
        queued: sql<number>`count(*) FILTER (WHERE ${waiting})`.mapWith(Number),
        oldest: sql<Date | null>`min(${sessions.queuedAt}) FILTER (WHERE ${waiting})`.mapWith(sessions.queuedAt),
        inService: sql<number>`count(*) FILTER (WHERE ${sessions.state} = 'Agent')`.mapWith(Number),
        offered: sql<number>`count(*) FILTER (WHERE ${sessions.state} = 'WaitingForAgentAnswering')`.mapWith(Number),
      })
      .from(sessions)
      .where(and(eq(sessions.appId, appId), inArray(sessions.state, ['Queueing', ...OPEN_STATES])));
    const longestWaitSeconds = row.oldest ? Math.max(0, Math.floor((this.deps.clock.now().getTime() - row.oldest.getTime()) / 1000)) : 0;
    return {
      queued: row.queued,
      inService: row.inService,
      waitingForAccept: row.offered,
      /** 当前转人工会话数: queued plus with agents. */
      transferred: row.queued + row.inService + row.offered,
      oldestQueuedAt: row.oldest,
      longestWaitSeconds,
    };
  }
}

const customerJoin = and(eq(customers.appId, sessions.appId), eq(customers.userId, sessions.userId));
const likePattern = (q: string) => `%${escapeLike(q)}%`;

/** `q` within the user id or the customer's nick, case-insensitive, wildcards literal. */
function searchOf(q: string | undefined): SQL | undefined {
  return q ? or(ilike(sessions.userId, likePattern(q)), ilike(customers.nick, likePattern(q))) : undefined;
}

function itemOf(s: SessionRow, nick: string, acceptTimeoutSeconds: number): Omit<SessionItem<Date>, 'lastMessage'> {
  const pending = s.state === 'WaitingForAgentAnswering' && s.assignedAt;
  return {
    sessionId: s.sessionId,
    accountId: s.accountId,
    userId: s.userId,
    nick,
    channelType: s.channelType,
    state: s.state,
    agentId: s.agentId,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    endStatus: s.endStatus,
    queuedAt: s.queuedAt,
    assignedAt: s.assignedAt,
    acceptedAt: s.acceptedAt,
    acceptDeadline: pending ? new Date(s.assignedAt!.getTime() + acceptTimeoutSeconds * 1000) : null,
    suspended: s.suspended,
    mark: s.mark,
    starred: s.starred,
    satisfaction: s.satisfaction,
    isContactUser: s.isContactUser,
  };
}

/** One line for a list: the text, or what kind of message it was. */
export function previewOf(body: MsgElement[]): string {
  const parts = body.map((element) => {
    if (element.MsgType === 'TIMTextElem') return String((element.MsgContent as { Text?: unknown }).Text ?? '');
    if (element.MsgType === 'TIMImageElem') return '[image]';
    if (element.MsgType === 'TIMFileElem') return `[file] ${String((element.MsgContent as { FileName?: unknown }).FileName ?? '')}`.trim();
    const desk = deskOf([element]);
    return desk ? `[src ${desk.src}]` : '[custom]';
  });
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

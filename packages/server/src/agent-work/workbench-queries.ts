import type { SQL } from 'drizzle-orm';
import type { AgentEntry, MsgElement, SESSION_VIEWS, SessionItem } from '@parley/protocol';
import type { AccountService } from '../accounts/index.ts';
import {
  deskOf,
  deskSessionCount,
  deskSessionPage,
  lastMessagesOf,
  noSession,
  openSessionCountsByAgent,
  openSessionsOfAgent,
  otherSessionCount,
  queueLength,
  queuePage,
  receptionCounts,
  sessionAmong,
  sessionById,
  sessionMessagePage,
  sessionsByIds,
  type DeskSessionFilter,
  type Session,
} from '../conversations/index.ts';
import { customerNicks, customerOf } from '../customers/index.ts';
import { firstSeqOfSession, sessionIdsOfEvents } from '../events/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { agentStatesOf, agentStreamOf, type ServiceSettingsService } from '../routing/index.ts';
import { escapeLike, groupsByMember, servingMembers, type Role } from '../team/index.ts';

// What the workbench reads (spec 03 §1.4, 01 §11.1): session lists, a session's history and
// customer panel, the agents for the transfer dialog, and the live counters of monitoring.

/** The /api contract's views (packages/protocol); its page maxima are checked there, at the route. */
export type SessionView = (typeof SESSION_VIEWS)[number];
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

type SessionRow = Session;

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
    const { db } = this.deps;
    const [mine, queue, history] = await Promise.all([deskSessionCount(db, appId, this.mine(viewer)), queueLength(db, appId), deskSessionCount(db, appId, this.history(appId, viewer))]);
    const counts = { mine, queue, history };
    const offset = (query.page - 1) * query.pageSize;
    const page = query.view === 'queue' ? await this.queuePage(appId, query.q, query.pageSize, offset) : await this.listPage(appId, viewer, query, offset);
    const items = await this.items(appId, page.rows, page.positions);
    return { items, total: page.total, page: query.page, pageSize: query.pageSize, counts };
  }

  /** The agent's open sessions, for the realtime socket to follow. */
  async openSessionsOf(appId: number, memberId: string) {
    return openSessionsOfAgent(this.deps.db, appId, memberId);
  }

  private mine(viewer: Viewer): DeskSessionFilter {
    return { held: viewer.memberId ?? '' };
  }

  /** Service records: ended sessions the agent had in service; the super admin sees every one an agent had. */
  private history(appId: number, viewer: Viewer): DeskSessionFilter {
    if (viewer.roles.includes('super_admin')) return { ended: true };
    return { ended: true, servedBy: this.servedBy(appId, viewer.memberId ?? '') };
  }

  /** Sessions ever put in the member's service: assignment, acceptance, transfer in, contact. */
  private servedBy(appId: number, memberId: string): SQL {
    return sessionIdsOfEvents(appId, agentStreamOf(memberId), 'SessionAssigned');
  }

  private async listPage(appId: number, viewer: Viewer, query: SessionListQuery, offset: number) {
    const filter = query.view === 'mine' ? this.mine(viewer) : this.history(appId, viewer);
    const { total, rows } = await deskSessionPage(this.deps.db, appId, filter, { userLike: likeOf(query.q), limit: query.pageSize, offset });
    return { total, rows, positions: new Map<string, number>() };
  }

  /** Waiting sessions in queue order; a search keeps each one's place in the whole queue. */
  private async queuePage(appId: number, q: string | undefined, limit: number, offset: number) {
    const { total, positions } = await queuePage(this.deps.db, appId, { userLike: likeOf(q), limit, offset });
    const found = await sessionsByIds(this.deps.db, appId, [...positions.keys()]);
    const rows = [...found].sort((a, b) => positions.get(a.sessionId)! - positions.get(b.sessionId)!);
    return { total, rows, positions };
  }

  /** List items: the session, the customer's nick, the last message, the accept deadline. */
  private async items(appId: number, rows: SessionRow[], positions: Map<string, number>): Promise<SessionItem<Date>[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.sessionId);
    const settings = await this.deps.settings.get(appId);
    const nicks = await this.nicksOf(appId, [...new Set(rows.map((r) => r.userId))]);
    const last = await lastMessagesOf(this.deps.db, appId, ids);
    const lastBySession = new Map(last.map((m) => [m.sessionId, { msgKey: m.msgKey, fromAccount: m.fromAccount, fromRole: m.fromRole, preview: previewOf(m.body), at: m.at }]));
    return rows.map((s) => ({
      ...itemOf(s, nicks.get(s.userId) ?? '', settings.acceptTimeout),
      ...(positions.has(s.sessionId) ? { position: positions.get(s.sessionId) } : {}),
      lastMessage: lastBySession.get(s.sessionId) ?? null,
    }));
  }

  private async nicksOf(appId: number, userIds: string[]): Promise<Map<string, string>> {
    return customerNicks(this.deps.db, appId, userIds);
  }

  // ---- one session -----------------------------------------------------------------------------

  /** A session the viewer may read, or 141005 (unknown, another app's, or not theirs: all alike). */
  async readable(appId: number, sessionId: string, viewer: Viewer): Promise<SessionRow> {
    const row = await sessionById(this.deps.db, appId, sessionId);
    if (!row || !(await this.mayRead(appId, row, viewer))) throw noSession(`Session ${sessionId}`);
    return row;
  }

  /** An open session in the member's hands (in service or offered to them), or 141005. */
  async own(appId: number, sessionId: string, memberId: string): Promise<SessionRow> {
    const row = await sessionById(this.deps.db, appId, sessionId);
    if (!row || row.agentId !== memberId || !OPEN_STATES.includes(row.state as (typeof OPEN_STATES)[number])) throw noSession(`Session ${sessionId} of yours`);
    return row;
  }

  private async mayRead(appId: number, session: SessionRow, viewer: Viewer): Promise<boolean> {
    if (viewer.roles.includes('super_admin')) return true;
    if (!viewer.memberId) return false;
    if (session.agentId === viewer.memberId && session.state !== 'Chatbot' && session.state !== 'Queueing') return true;
    return sessionAmong(this.deps.db, appId, session.sessionId, this.servedBy(appId, viewer.memberId));
  }

  /** The customer panel (用户信息): user id, nick, source (channel and account), earlier sessions. */
  async info(appId: number, sessionId: string, viewer: Viewer) {
    const session = await this.readable(appId, sessionId, viewer);
    const settings = await this.deps.settings.get(appId);
    const customer = await customerOf(this.deps.db, appId, session.userId);
    const account = await this.deps.accounts.getAccount(appId, session.accountId);
    const total = await otherSessionCount(this.deps.db, appId, session.userId, sessionId);
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
    const { messages, more } = await sessionMessagePage(this.deps.db, appId, sessionId, page);
    return { messages: messages.reverse(), more };
  }

  /** Where a session's events begin in its conversation stream (a conversation holds many sessions). */
  async firstSeqOf(appId: number, streamId: string, sessionId: string): Promise<number | undefined> {
    return firstSeqOfSession(this.deps.db, appId, streamId, sessionId);
  }

  // ---- agents and monitoring -------------------------------------------------------------------

  /**
   * Members who can serve (staff or super admin, not deleted, not forced offline) with status,
   * load and capacity: the transfer dialog's "who is online and idle" and the monitoring page.
   */
  async agents(appId: number, filter: { q?: string; groupId?: number } = {}): Promise<AgentEntry<Date>[]> {
    const { db } = this.deps;
    const settings = await this.deps.settings.get(appId);
    const serving = await servingMembers(db, appId, filter);
    const states = await agentStatesOf(
      db,
      appId,
      serving.map((m) => m.memberId),
    );
    const groups = await groupsByMember(db, appId);
    const open = await this.openByAgent(appId);
    return serving.map((member) => {
      const state = states.get(member.memberId);
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

  private async openByAgent(appId: number): Promise<Map<string, number>> {
    return openSessionCountsByAgent(this.deps.db, appId);
  }

  /** Real-time reception (spec 01 §11.1): queued, in service, offered, the longest wait now. */
  async queueNow(appId: number) {
    const row = await receptionCounts(this.deps.db, appId);
    const longestWaitSeconds = row.oldestQueuedAt ? Math.max(0, Math.floor((this.deps.clock.now().getTime() - row.oldestQueuedAt.getTime()) / 1000)) : 0;
    return {
      queued: row.queued,
      inService: row.inService,
      waitingForAccept: row.offered,
      /** 当前转人工会话数: queued plus with agents. */
      transferred: row.queued + row.inService + row.offered,
      oldestQueuedAt: row.oldestQueuedAt,
      longestWaitSeconds,
    };
  }
}

/** `q` (searched within the user id or the customer's nick) as an ILIKE pattern, wildcards literal; none for no or an empty `q`. */
const likeOf = (q: string | undefined) => (q ? `%${escapeLike(q)}%` : undefined);

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

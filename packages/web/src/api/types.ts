// The shapes the workbench API answers with (packages/server/src/gateways/api/workbench-routes.ts,
// agent-work/workbench-queries.ts, auth-routes.ts). Dates arrive as ISO strings. The ones the server
// declares too (session items, agents) live in @parley/protocol.
import type { AgentStatus, MsgElement, SessionItem, SessionState } from '@parley/protocol';

export type { AgentEntry, AgentStatus, LastMessage, MsgElement, SessionItem, SessionState } from '@parley/protocol';

export interface Member {
  memberId: string;
  nick: string;
  email: string;
  roles: string[];
}

export interface AppRef {
  sdkAppId: number;
  name: string;
}

export interface MeResponse {
  member: Member | null;
  identifier: string;
  roles: string[];
  via: string;
  app: AppRef;
  csrfToken: string | null;
}

export type LoginResponse = { member: Member; app: AppRef; csrfToken: string; expiresAt: string } | { chooseApp: AppRef[] };

export interface StatusView {
  memberId: string;
  status: AgentStatus;
  restReason: string;
  statusSince: string | null;
  load: number;
  lastSeenAt: string | null;
}

export type ServerView = 'mine' | 'queue' | 'history';

export interface SessionCounts {
  mine: number;
  queue: number;
  history: number;
}

export interface SessionPage {
  items: SessionItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: SessionCounts;
}

export interface SessionInfo {
  session: Omit<SessionItem, 'lastMessage'>;
  customer: { userId: string; nick: string; avatarUrl: string; channelType: string; pastSessions: number };
  account: { accountId: string; nick: string };
}

/** What session actions answer: the session's state after them. */
export interface SessionView {
  sessionId: string;
  state: SessionState;
  agentId: string;
  suspended: boolean;
  mark: string;
  starred: boolean;
  userTimeoutEnabled: boolean;
  endStatus: string | null;
}

export interface HistoryMessage {
  msgKey: string;
  seq: number;
  fromAccount: string;
  fromRole: 1 | 2 | 3;
  body: MsgElement[];
  cloudCustomData: string;
  at: string;
  modifiedAt: string | null;
}

export interface HistoryPage {
  messages: HistoryMessage[];
  more: boolean;
}

export interface SendAck {
  msgKey: string;
  seq?: number;
  sessionId?: string;
  duplicate?: boolean;
}

export interface QuickReplyCategory {
  categoryId: number;
  name: string;
  personal: boolean;
  sort: number;
}

export interface QuickReply {
  replyId: number;
  categoryId: number;
  title: string;
  content: string;
}

export interface QuickReplyPage {
  categories: QuickReplyCategory[];
  total: number;
  page: number;
  pageSize: number;
  items: QuickReply[];
}

export interface UploadResult {
  fileId: string;
  url: string;
  kind: 'image' | 'file';
  contentType: string;
  name: string;
  size: number;
  width?: number;
  height?: number;
  element: MsgElement;
}

/** A frame of `GET /api/workbench/ws`. */
export interface StreamEvent {
  seq: number;
  type: string;
  at: number;
  payload: Record<string, unknown>;
}

export type SocketFrame =
  | { type: 'ready'; memberId: string; after: number; head: number; sessions: { sessionId: string; state: SessionState }[] }
  | { type: 'agent'; event: StreamEvent }
  | { type: 'conversation'; sessionId: string; event: StreamEvent }
  | { type: 'pong' }
  | { type: 'error'; code: number | string; message: string };

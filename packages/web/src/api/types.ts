// The shapes the workbench API answers with. Dates arrive as ISO strings. Most come from the /api
// contract in @parley/protocol (the zod schemas the server validates and serializes with); the rest
// are the protocol's workbench types or, for answers the contract leaves open, written here.
import type {
  ApiSessionView,
  ApiStatusView,
  ApiUploadResult,
  ApiVisibleReplies,
  AppRef as ApiAppRef,
  LoginResponse as ApiLoginResponse,
  MeResponse as ApiMeResponse,
  MemberRef,
  MsgElement,
  SessionItem,
} from '@parley/protocol';

export type { AgentEntry, AgentStatus, LastMessage, MsgElement, SessionItem, SessionState } from '@parley/protocol';

export type Member = MemberRef;
export type AppRef = ApiAppRef;
export type MeResponse = ApiMeResponse;
export type LoginResponse = ApiLoginResponse;
export type StatusView = ApiStatusView;
/** What session actions answer: the session's state after them. */
export type SessionView = ApiSessionView;
export type QuickReplyPage = ApiVisibleReplies;
export type QuickReplyCategory = ApiVisibleReplies['categories'][number];
export type QuickReply = ApiVisibleReplies['items'][number];
export type UploadResult = ApiUploadResult & { width?: number; height?: number; element: MsgElement };

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

/** The frames of `GET /api/workbench/ws`, declared with the server in @parley/protocol (workbench-frames.ts). */
export type { StreamEvent, WorkbenchServerFrame as SocketFrame } from '@parley/protocol';

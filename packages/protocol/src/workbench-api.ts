// What the workbench API answers with (session lists, the transfer dialog's agents, internal chat),
// shared by the server that builds the answers and the workbench that reads them. Types only.
// `Time` is `Date` on the server and an ISO string once the answer has crossed JSON.
import type { MsgElement } from './session-events.ts';

/** `CurrentState` of get_session_state, plus `Ended` for closed sessions. */
export type SessionState = 'Chatbot' | 'Queueing' | 'WaitingForAgentAnswering' | 'Agent' | 'Ended';

/** Agent statuses (spec 01 §10.4): idle 示闲, busy 示忙, rest 小休 (with a reason), offline 下线. */
export type AgentStatus = 'idle' | 'busy' | 'rest' | 'offline';

/** A session's latest message, as one line for a list. */
export interface LastMessage<Time = string> {
  msgKey: string;
  fromAccount: string;
  fromRole: number;
  preview: string;
  at: Time;
}

/** One row of a session list (mine, queue, history). */
export interface SessionItem<Time = string> {
  sessionId: string;
  accountId: string;
  userId: string;
  nick: string;
  channelType: string;
  state: SessionState;
  agentId: string;
  startedAt: Time;
  endedAt: Time | null;
  endStatus: string | null;
  queuedAt: Time | null;
  assignedAt: Time | null;
  acceptedAt: Time | null;
  /** Manual reception: when the offer lapses (assignedAt + acceptTimeout). */
  acceptDeadline: Time | null;
  /** Queue view: the place in the app's queue, from 1. */
  position?: number;
  suspended: boolean;
  mark: string;
  starred: boolean;
  satisfaction: number | null;
  isContactUser: boolean;
  lastMessage: LastMessage<Time> | null;
}

/** A member who can serve, with status, load and capacity (transfer dialog, monitoring). */
export interface AgentEntry<Time = string> {
  memberId: string;
  nick: string;
  email: string;
  roles: string[];
  status: AgentStatus;
  restReason: string;
  statusSince: Time | null;
  online: boolean;
  /** Sessions counting against capacity (suspended ones do not). */
  load: number;
  capacity: number;
  /** Idle with room: routing could give them a session now. */
  available: boolean;
  /** Open sessions with this agent, suspended ones included. */
  openSessions: number;
  lastSeenAt: Time | null;
  groups: { groupId: number; name: string }[];
}

/** A message between two members (员工内部会话), from the API and the socket's InternalMessage payload. */
export interface InternalMessage<Time = string> {
  id: number;
  threadId: string;
  from: string;
  to: string;
  body: MsgElement[];
  at: Time;
}

// Conversation events as they are stored in the event log. Names that Desk's session-event callback
// uses are kept byte for byte, so the webhook body is a direct translation of a log row.

/** Events delivered to the app's callback as `Desk.SessionEventNotify` (spec 05 §7.2). */
export const DESK_SESSION_EVENTS = [
  'SessionBegin',
  'ChatBot.UserSendMsg',
  'ChatBot.RobotSendMsg',
  'Human.UserSendMsg',
  'Human.AgentSendMsg',
  'TransferringToHuman',
  'TransferringToHumanWait',
  'TransferToHumanSuccess',
  'NoAgentOnline',
  'AgentForward',
  'SatisfactionSelected',
  'SessionUserEnd',
  'SessionAgentEnd',
  'SessionUserTimeoutEnd',
  'SessionAgentTimeoutEnd',
  'SessionPendingAutoFinishEnd',
  'SessionEnd',
  'MemberAccessTimeout',
] as const;
export type DeskSessionEvent = (typeof DESK_SESSION_EVENTS)[number];

/** Parley's own events in the same log (client screens need them; callbacks do not carry them). */
export const PARLEY_EVENTS = [
  /** A message was edited (modify_msg); payload carries the new MsgBody. */
  'MessageModified',
  /** A chunk of a streaming message (send_stream_msg) was appended. */
  'StreamChunk',
  /** A streaming message was finished or closed by timeout. */
  'StreamEnd',
  /** A system prompt to the user (welcome, transfer prompts, fallback) outside the robot's answers. */
  'SystemSendMsg',
  /** The business server refused the transfer (OnAssignHuman AgentTransferDenied): back to the robot. */
  'TransferToHumanDenied',
  /** The business server's routing answer (OnAssignHuman) was applied: priority, group, agents to try. */
  'RoutingDecisionApplied',
  /** Manual reception: routing offered the session to `agentId`, who has to accept it (WaitingForAgentAnswering). */
  'SessionOfferedToAgent',
  /** The agent lost access (deleted, disabled, roles changed): the session went back to the queue. */
  'SessionRequeued',
  /** suspend_session: out of the agent's capacity and the user timeout. */
  'SessionSuspended',
  /** unsuspend_session: counted in the agent's capacity again. */
  'SessionUnsuspended',
  /** mark_session: the changed fields only (mark, starred, userTimeoutEnabled). */
  'SessionMarked',
] as const;
export type ParleyEvent = (typeof PARLEY_EVENTS)[number];

export type SessionEventType = DeskSessionEvent | ParleyEvent;

export type ChannelType = 'SDK' | 'Web(H5)';

/** One message element (TIMMsgElement): text or custom (Data is serialised JSON). */
export type MsgElement =
  | { MsgType: 'TIMTextElem'; MsgContent: { Text: string } }
  | { MsgType: 'TIMCustomElem'; MsgContent: { Data: string; Desc?: string; Ext?: string } }
  | { MsgType: 'TIMImageElem' | 'TIMFileElem'; MsgContent: Record<string, unknown> };

/** The payload of every conversation event; fields that do not apply are omitted. */
export interface SessionEventPayload {
  sessionId: string;
  channelType: ChannelType;
  clientUserId: string;
  customerServiceId: string;
  agentId?: string;
  msgKey?: string;
  msgBody?: MsgElement[];
  cloudCustomData?: string;
  /** 1 user, 2 agent (also robot and system replies, as the customer-service side), 3 system management. */
  fromAccountRole?: 1 | 2 | 3;
  isContactUser?: boolean;
  satisfactionSelected?: number;
  forwardFromAgentId?: string;
  /** TransferToHumanSuccess, AgentForward: the serving agent's nickname (customers see names, never ids). */
  agentNick?: string;
  /** TransferringToHumanWait and each queue prompt: the customer's place in the queue (1 = next). */
  queuePosition?: number;
  /** SessionMarked: the fields mark_session changed. */
  mark?: string;
  starred?: boolean;
  userTimeoutEnabled?: boolean;
  /** RoutingDecisionApplied: the queue priority (0 first … 9 last), the group and the agents routing tries. */
  priority?: number;
  routeGroupId?: number;
  routeAgentIds?: string[];
  /** SessionRequeued: the agent the session was taken from, and why they lost access (`force-offline`, `deleted`). */
  fromAgentId?: string;
  revokedBecause?: string;
}

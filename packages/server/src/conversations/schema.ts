import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ChannelType, MsgElement, SessionState } from '@parley/protocol';

/** `CurrentState` of get_session_state, plus `Ended`: declared in the protocol, the workbench reads it too. */
export type { SessionState };

/** CDR `EndStatus` (spec 05 §3.5). */
export const END_STATUSES = [
  'AgentEndedSession',
  'UserEndedSession',
  'UserTimeout',
  'AgentTimeout',
  'ChatbotReception',
  'NoAgentsOnline',
  'TimeoutTransfer',
  'ManualTransfer',
  'UserAbandonedDuringQueueing',
] as const;
export type EndStatus = (typeof END_STATUSES)[number];

export const sessions = pgTable(
  'sessions',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    sessionId: text('session_id').notNull(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    channelType: text('channel_type').$type<ChannelType>().notNull(),
    languageTag: text('language_tag').notNull().default(''),
    state: text('state').$type<SessionState>().notNull(),
    agentId: text('agent_id').notNull().default(''),
    /** The account's agent group when the session began (CDR AgentGroupId); routing may change it. */
    agentGroupId: integer('agent_group_id').notNull().default(0),
    isContactUser: boolean('is_contact_user').notNull().default(false),
    suspended: boolean('suspended').notNull().default(false),
    mark: text('mark').notNull().default(''),
    starred: boolean('starred').notNull().default(false),
    userTimeoutEnabled: boolean('user_timeout_enabled').notNull().default(true),
    endStatus: text('end_status').$type<EndStatus>(),
    /** When the user-reply timeout ends the session unless the user speaks first (null: no timer). */
    timeoutAt: timestamp('timeout_at', { withTimezone: true }),
    /** 1–5 stars once the user rated (src 10). */
    satisfaction: integer('satisfaction'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    // ---- human service (routing) ----
    /** Queue priority 0 (first) to 9 (last); ChatBot.OnAssignHuman may set it. */
    priority: integer('priority').notNull().default(5),
    /** The queue place, FIFO within a priority: the time the customer asked, set once routing queued the request (null before). */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    /** The group routing is limited to (0: any agent). */
    routeGroupId: integer('route_group_id').notNull().default(0),
    /** Agents to try first, in order (AgentIdList, MemberId). */
    routeAgentIds: jsonb('route_agent_ids').$type<string[]>().notNull().default([]),
    /** Agents who let this session time out before accepting: routing skips them. */
    skippedAgentIds: jsonb('skipped_agent_ids').$type<string[]>().notNull().default([]),
    /** The queue position the user was last told (the prompt is re-sent when it changes). */
    announcedPosition: integer('announced_position').notNull().default(0),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** The src 15 group choice the user has yet to answer (strategy "user picks a group"). */
    groupChoiceMsgKey: text('group_choice_msg_key'),
    /** When an agent invited a rating (so InvitationMethod 3 does not send a second card at the end). */
    ratingInvitedAt: timestamp('rating_invited_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.appId, t.sessionId] }),
    // At most one open session per user and customer-service account.
    uniqueIndex('sessions_open')
      .on(t.appId, t.accountId, t.userId)
      .where(sql`state <> 'Ended'`),
    index('sessions_started').on(t.appId, t.startedAt),
    index('sessions_user').on(t.appId, t.userId, t.startedAt),
    index('sessions_queue')
      .on(t.appId, t.priority, t.queuedAt)
      .where(sql`state = 'Queueing'`),
    index('sessions_agent_open')
      .on(t.appId, t.agentId)
      .where(sql`state IN ('WaitingForAgentAnswering', 'Agent')`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    msgKey: text('msg_key').notNull(),
    sessionId: text('session_id').notNull(),
    streamId: text('stream_id').notNull(),
    /** Sequence of the event that carried the message in its conversation stream. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    fromAccount: text('from_account').notNull(),
    /** 1 user, 2 customer-service side (robot, agent), 3 system. */
    fromRole: integer('from_role').notNull(),
    /** The sender's MsgRandom: a resend with the same value is the same message. */
    clientMsgId: text('client_msg_id'),
    body: jsonb('body').$type<MsgElement[]>().notNull(),
    cloudCustomData: text('cloud_custom_data').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull(),
    modifiedAt: timestamp('modified_at', { withTimezone: true }),
    /** A flag message sent with onlineUserOnly (src 7, 10, 24, 27): it acts and is called back, but is not chat history. */
    flag: boolean('flag').notNull().default(false),
    /** A streaming message (send_stream_msg) still taking chunks. */
    streamOpen: boolean('stream_open').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.appId, t.msgKey] }),
    // Resends are found under the conversation lock; not unique, because a 32-bit MsgRandom may recur after the dedupe window.
    index('messages_client_id')
      .on(t.appId, t.streamId, t.fromAccount, t.clientMsgId)
      .where(sql`client_msg_id IS NOT NULL`),
    index('messages_session').on(t.appId, t.sessionId, t.seq),
    // The customer's history, paged back from a seq (GET /chat/v1/history).
    index('messages_stream').on(t.appId, t.streamId, t.seq),
  ],
);

import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { AGENT_STATUSES, RECEPTION_MODES } from '@parley/protocol';

/** Agent statuses (spec 01 §10.4): idle 示闲, busy 示忙, rest 小休 (with a reason), offline 下线. Declared in the /api contract. */
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/**
 * One row per member who has ever been an agent: status, presence and load. Routing reads and
 * updates these under the app's routing lock, so `load` never passes the member's capacity.
 */
export const agentStates = pgTable(
  'agent_states',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    status: text('status').$type<AgentStatus>().notNull().default('offline'),
    restReason: text('rest_reason').notNull().default(''),
    statusSince: timestamp('status_since', { withTimezone: true }).notNull(),
    /** Last sign of life from the agent's realtime connection (presence). */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** Open sessions that count against capacity: waiting for accept or in service, not suspended. */
    load: integer('load').notNull().default(0),
    /** For least-recently-assigned fairness; null sorts first (never assigned). */
    lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.appId, t.memberId] }), index('agent_states_pick').on(t.appId, t.status, t.lastAssignedAt)],
);

/** Every status interval, for analytics: the current one has no `endedAt`. */
export const agentStatusHistory = pgTable(
  'agent_status_history',
  {
    id: serial('id').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    status: text('status').$type<AgentStatus>().notNull(),
    reason: text('reason').notNull().default(''),
    /** Who changed it: the agent, an admin, the system (accept timeout, lost connection, force offline). */
    changedBy: text('changed_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('agent_status_history_member').on(t.appId, t.memberId, t.startedAt)],
);

/** Declared in the /api contract (PUT /api/settings/service). */
export type ReceptionMode = (typeof RECEPTION_MODES)[number];

/** Statutory calendar: dates (`YYYY-MM-DD`) that are holidays, and weekend dates that are make-up workdays. */
export interface WorkCalendar {
  holidays: string[];
  workdays: string[];
}

/** App-wide human-service settings (spec 01 §8.3, §8.4, §8.6); prompts and strategy stay per account. */
export const serviceSettings = pgTable('service_settings', {
  appId: bigint('app_id', { mode: 'number' }).primaryKey(),
  receptionMode: text('reception_mode').$type<ReceptionMode>().notNull().default('auto'),
  /** Manual reception: seconds an agent has to accept before the session is re-routed. */
  acceptTimeout: integer('accept_timeout').notNull().default(60),
  /** 超时转接后转小休: an agent who lets a session time out goes on rest. */
  restAfterAcceptTimeout: boolean('rest_after_accept_timeout').notNull().default(false),
  /** 单客服同时接待人数: sessions per agent before new ones queue (a member may override it). */
  maxConcurrent: integer('max_concurrent').notNull().default(5),
  /** Seconds a session may wait in the queue before it ends (SessionPendingAutoFinishEnd); 0 = no limit. */
  queueTimeout: integer('queue_timeout').notNull().default(1800),
  /** contact_user allowed (141014 when off). */
  contactUserEnabled: boolean('contact_user_enabled').notNull().default(true),
  calendar: jsonb('calendar').$type<WorkCalendar>().notNull().default({ holidays: [], workdays: [] }),
  /** Milliseconds the ChatBot.OnAssignHuman callback has before routing falls back to auto. */
  assignWebhookTimeout: integer('assign_webhook_timeout').notNull().default(3000),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

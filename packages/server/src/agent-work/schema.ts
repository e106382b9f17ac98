import { bigint, index, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Internal agent-to-agent messages (员工内部会话); a thread is the pair of members. */
export const internalMessages = pgTable(
  'internal_messages',
  {
    id: serial('id').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    threadId: text('thread_id').notNull(),
    fromMember: text('from_member').notNull(),
    toMember: text('to_member').notNull(),
    body: jsonb('body').$type<unknown[]>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('internal_messages_thread').on(t.appId, t.threadId, t.id)],
);

/** Threads a member chose not to show (不显示); a new message shows it again. */
export const hiddenThreads = pgTable(
  'hidden_threads',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    threadId: text('thread_id').notNull(),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.memberId, t.threadId] })],
);

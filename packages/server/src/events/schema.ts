import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The last sequence number of each stream; its row lock orders concurrent appends. */
export const eventStreams = pgTable(
  'event_streams',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    streamId: text('stream_id').notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.streamId] })],
);

/**
 * The spine: every change to a conversation, written in the transaction of the change. `seq` orders
 * a stream (what a client resumes from); `id` orders the whole installation (what webhooks follow).
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    streamId: text('stream_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('events_stream_seq').on(t.appId, t.streamId, t.seq), index('events_app_id').on(t.appId, t.id)],
);

/** Timers and background work, claimed by any process with FOR UPDATE SKIP LOCKED. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    /** Optional identity: scheduling the same key again moves the timer instead of adding one. */
    key: text('key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    /** 'pending' or 'failed' (gave up after maxAttempts); done jobs are deleted. */
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('jobs_key').on(t.kind, t.key), index('jobs_due').on(t.status, t.runAt)],
);

/**
 * The position of each log consumer (callbacks, analytics, ...) in each app's log: every event with
 * an id up to `cursorEventId` has been handled. A consumer locks its row while it handles a batch,
 * so one process at a time consumes a given (app, consumer).
 */
export const logConsumers = pgTable(
  'log_consumers',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    consumer: text('consumer').notNull(),
    cursorEventId: bigint('cursor_event_id', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.consumer] })],
);

/**
 * Events past a consumer's cursor that it has already handled. Ids are allocated before commit, so
 * a recent event may still appear below a higher one; the cursor waits for such a window to settle
 * and this ledger keeps the events re-read meanwhile from being handled twice.
 */
export const logConsumerHandled = pgTable(
  'log_consumer_handled',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    consumer: text('consumer').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.consumer, t.eventId] })],
);

import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One callback endpoint per app, and its delivery cursor: every event with an id up to `cursorEventId`
 * has been handed to delivery (or skipped). Dispatchers lock this row, so processes take turns.
 */
export const callbackSettings = pgTable('callback_settings', {
  appId: bigint('app_id', { mode: 'number' }).primaryKey(),
  url: text('url').notNull(),
  enabled: boolean('enabled').notNull(),
  /** HMAC key of the X-Parley-Signature header. */
  secret: text('secret').notNull(),
  /** Desk event names to deliver; null delivers all of them. */
  events: jsonb('events').$type<string[] | null>(),
  cursorEventId: bigint('cursor_event_id', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Events past the cursor already handed to delivery. Ids are allocated before commit, so a recent
 * event may still appear below a higher one; the cursor waits for such a window to settle and this
 * ledger keeps the events re-read meanwhile from being enqueued twice.
 */
export const callbackDispatched = pgTable(
  'callback_dispatched',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.eventId] })],
);

export type DeliveryStatus = 'delivered' | 'retrying' | 'failed';

/** Every delivery attempt: `failed` marks the last attempt of one that gave up. */
export const callbackDeliveries = pgTable(
  'callback_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    httpStatus: integer('http_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('callback_deliveries_app').on(t.appId, t.id), index('callback_deliveries_event').on(t.appId, t.eventId)],
);

import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One callback endpoint per app. Its delivery cursor is the `callbacks` row of the log consumers'
 * table (events/schema.ts), moved by the dispatcher and by enabling.
 */
export const callbackSettings = pgTable('callback_settings', {
  appId: bigint('app_id', { mode: 'number' }).primaryKey(),
  url: text('url').notNull(),
  enabled: boolean('enabled').notNull(),
  /** HMAC key of the X-Parley-Signature header. */
  secret: text('secret').notNull(),
  /** Desk event names to deliver; null delivers all of them. */
  events: jsonb('events').$type<string[] | null>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

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

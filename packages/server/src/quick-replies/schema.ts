import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { QUICK_REPLY_SCOPES } from '@parley/protocol';

/** Who may use a category's quick replies (spec 01 §9); `personal` categories belong to one member. Declared in the /api contract. */
export type QuickReplyScope = (typeof QUICK_REPLY_SCOPES)[number];

export const quickReplyCategories = pgTable(
  'quick_reply_categories',
  {
    categoryId: serial('category_id').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    scope: text('scope').$type<QuickReplyScope>().notNull(),
    /** Group ids (scope `groups`) or member ids (scope `members`). */
    scopeIds: jsonb('scope_ids').$type<Array<number | string>>().notNull().default([]),
    /** The owner of a personal category. */
    ownerId: text('owner_id').notNull().default(''),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quick_reply_categories_app').on(t.appId, t.sort)],
);

export const quickReplies = pgTable(
  'quick_replies',
  {
    replyId: serial('reply_id').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    categoryId: integer('category_id').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quick_replies_category').on(t.appId, t.categoryId)],
);

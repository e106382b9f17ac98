import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ChannelType } from '@parley/protocol';

/** The people who chat with an app: app users (their own UserSig) and anonymous web visitors. */
export const customers = pgTable(
  'customers',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    nick: text('nick').notNull().default(''),
    avatarUrl: text('avatar_url').notNull().default(''),
    channelType: text('channel_type').$type<ChannelType>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.userId] })],
);

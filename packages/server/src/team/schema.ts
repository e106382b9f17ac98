import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Member roles (spec 01 §10.2); additive: a member may hold admin and staff at once. */
export const ROLES = ['super_admin', 'admin', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Team members: the people who log in to the console and the workbench. `memberId` is the
 * lower-cased email, which is what Desk's APIs call an agent id (`AgentId`, `MemberId`).
 */
export const members = pgTable(
  'members',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    email: text('email').notNull(),
    nick: text('nick').notNull(),
    phone: text('phone').notNull().default(''),
    roles: jsonb('roles').$type<Role[]>().notNull(),
    /** scrypt, `scrypt$N$r$p$salt$hash` (base64). */
    passwordHash: text('password_hash').notNull(),
    /** Bumped by password reset, force offline and delete: older logins stop working at once. */
    credentialsVersion: integer('credentials_version').notNull().default(1),
    /** Force offline (强制下线): cannot log in until restored. */
    loginDisabled: boolean('login_disabled').notNull().default(false),
    /** Concurrent sessions before this agent counts as full; null: the app's default. */
    maxConcurrent: integer('max_concurrent'),
    lastOnlineAt: timestamp('last_online_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set on every change of the row: the revision the console sends back as `expectedRevision`. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Deleted members keep their row so history and analytics still show their names. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.appId, t.memberId] }), index('members_email').on(t.email)],
);

/** Agent groups (分组); ids are integers, as in Desk. */
export const agentGroups = pgTable(
  'agent_groups',
  {
    groupId: serial('group_id').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set on every rename or membership change: the revision the console sends back as `expectedRevision`. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agent_groups_name').on(t.appId, t.name)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    groupId: integer('group_id').notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.memberId] }), index('group_members_member').on(t.appId, t.memberId)],
);

/** Logged-in browsers. The cookie holds a random token; only its SHA-256 is stored. */
export const loginSessions = pgTable(
  'login_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    credentialsVersion: integer('credentials_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_sessions_member').on(t.appId, t.memberId)],
);

/**
 * One-time tokens that open a workbench login inside another system's page (the embedding SDK's
 * SdkURL, spec 03 §2.3): valid 10 minutes, used once; only the SHA-256 of the token is stored.
 */
export const embedLogins = pgTable(
  'embed_logins',
  {
    tokenHash: text('token_hash').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    memberId: text('member_id').notNull(),
    /** The member's credentials version when issued: a reset or force offline since voids the token. */
    credentialsVersion: integer('credentials_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('embed_logins_expires').on(t.expiresAt)],
);

export const memberNotDeleted = sql`deleted_at IS NULL`;

import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AssignmentStrategy, Multilingual, WorkTime } from './config.ts';

/** Customer-service accounts (客服号). Column names follow `AccountConfig`, so a row is the typed config. */
export const csAccounts = pgTable(
  'cs_accounts',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    /** Tencent `IMAgentUserID`. */
    accountId: text('account_id').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    nick: text('nick').notNull(),
    avatarUrl: text('avatar_url').notNull(),
    welcomeMessage: text('welcome_message').notNull(),
    chatbotDisabled: boolean('chatbot_disabled').notNull(),
    agentGroupId: integer('agent_group_id').notNull(),
    transferToHumanPrompt: text('transfer_to_human_prompt').notNull(),
    transferToHumanSuccessPrompt: text('transfer_to_human_success_prompt').notNull(),
    transferToHumanFailPrompt: text('transfer_to_human_fail_prompt').notNull(),
    queueingPrompt: text('queueing_prompt').notNull(),
    userTimeout: integer('user_timeout').notNull(),
    endPrompt: text('end_prompt').notNull(),
    timeoutEndPrompt: text('timeout_end_prompt').notNull(),
    workTime: jsonb('work_time').$type<WorkTime>().notNull(),
    notWorkTimePrompt: text('not_work_time_prompt').notNull(),
    assignmentStrategy: text('assignment_strategy').$type<AssignmentStrategy>().notNull(),
    chooseSkillGroupPrompt: text('choose_skill_group_prompt').notNull(),
    displayGroupsChoices: jsonb('display_groups_choices').$type<number[]>().notNull(),
    assignedByWebhookUrl: text('assigned_by_webhook_url').notNull(),
    robotId: text('robot_id').notNull(),
    multilingual: jsonb('multilingual').$type<Multilingual>().notNull(),
    /** Not a secret: embedded in web pages so visitors can start an anonymous chat with this account. */
    publicKey: text('public_key')
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.accountId] }), uniqueIndex('cs_accounts_public_key').on(t.publicKey)],
);

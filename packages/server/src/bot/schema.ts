import { bigint, bigserial, index, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';

/** Every production answer, for analytics and for clustering the questions the bot could not answer. */
export const botAnswerLog = pgTable(
  'bot_answer_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    languageTag: text('language_tag').notNull(),
    question: text('question').notNull(),
    branch: text('branch').notNull(),
    questionId: text('question_id'),
    score: real('score').notNull(),
    margin: real('margin').notNull(),
    /** Optional link to the conversation that asked (filled by the conversation feature). */
    sessionId: text('session_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bot_answer_log_app_time').on(t.appId, t.robotId, t.at), index('bot_answer_log_branch').on(t.appId, t.branch, t.at)],
);

import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { RobotConfig } from './robot-config.ts';

/** `test` is what the console edits; `prod` is what customers talk to. */
export type Env = 'test' | 'prod';
/** The QA library (`faq`) and the small-talk library (`chitchat`) share one shape. */
export type Library = 'faq' | 'chitchat';

export const robots = pgTable(
  'robots',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    nickname: text('nickname').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    /** True when test differs from production (the console's "unpublished configuration" banner). */
    hasUnpublished: boolean('has_unpublished').notNull().default(false),
    /** Bumped in the same transaction as every knowledge change, per environment; matchers compare it. */
    testRevision: bigint('test_revision', { mode: 'number' }).notNull().default(0),
    prodRevision: bigint('prod_revision', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.robotId] })],
);

/** Languages a robot's knowledge and config can be kept in. The default language has tag ''. */
export const robotLanguages = pgTable(
  'robot_languages',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    languageTag: text('language_tag').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.robotId, t.languageTag] })],
);

export const robotConfigs = pgTable(
  'robot_configs',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    env: text('env').$type<Env>().notNull(),
    languageTag: text('language_tag').notNull(),
    config: jsonb('config').$type<RobotConfig>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.robotId, t.env, t.languageTag] })],
);

/** Category ids are integers unique across the whole installation, like the source's samples. */
export const categoryIdSeq = pgSequence('kb_category_id_seq', { startWith: 10001 });

export const kbCategories = pgTable(
  'kb_categories',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    env: text('env').$type<Env>().notNull(),
    library: text('library').$type<Library>().notNull(),
    categoryId: integer('category_id').notNull(),
    parentId: integer('parent_id').notNull().default(0),
    title: text('title').notNull(),
    /** 0 ordinary, 1 "all categories", 2 system preset. */
    menuType: integer('menu_type').notNull().default(0),
    status: integer('status').notNull().default(1),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.robotId, t.env, t.categoryId] }), index('kb_categories_library').on(t.appId, t.robotId, t.env, t.library)],
);

export const kbQuestions = pgTable(
  'kb_questions',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    env: text('env').$type<Env>().notNull(),
    library: text('library').$type<Library>().notNull(),
    questionId: text('question_id').notNull(),
    categoryId: integer('category_id').notNull(),
    languageTag: text('language_tag').notNull().default(''),
    question: text('question').notNull(),
    similar: jsonb('similar').$type<string[]>().notNull().default([]),
    answer: text('answer').notNull(),
    /** 0 plain text, 2 rich text. */
    answerType: integer('answer_type').notNull().default(0),
    /** 4 enabled, 5 disabled. Deleted questions are removed. */
    status: integer('status').notNull().default(4),
    /** 0 ordinary, 1 system preset. */
    questionType: integer('question_type').notNull().default(0),
    /** A built-in meaning the bot acts on, e.g. 'to_agent' for the preset "talk to a human" small talk. */
    intent: text('intent').notNull().default(''),
    /** Monotonic order of creation, for stable paging. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.appId, t.robotId, t.env, t.questionId] }),
    index('kb_questions_list').on(t.appId, t.robotId, t.env, t.library, t.languageTag, t.seq),
    index('kb_questions_category').on(t.appId, t.robotId, t.env, t.categoryId),
    // The duplicate-standard-question check on every add.
    index('kb_questions_text').on(t.appId, t.robotId, t.env, t.library, sql`lower(${t.question})`),
  ],
);

export const questionSeq = pgSequence('kb_question_seq', { startWith: 1 });

export interface ReleaseSnapshot {
  categories: Array<Omit<typeof kbCategories.$inferSelect, 'appId' | 'robotId' | 'env' | 'createdAt'>>;
  questions: Array<Omit<typeof kbQuestions.$inferSelect, 'appId' | 'robotId' | 'env' | 'createdAt' | 'updatedAt'> & { updatedAt: string }>;
  configs: Array<{ languageTag: string; config: RobotConfig }>;
  /** Absent in releases made before lexicons existed. */
  lexicon?: { dictionary: string[]; synonyms: string[][] };
}

export const robotReleases = pgTable(
  'robot_releases',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    version: text('version').notNull(),
    note: text('note').notNull().default(''),
    /** 'published' while it is (or was) live by a publish, 'rolled_back_to' when restored by a rollback. */
    status: text('status').notNull().default('published'),
    /** Whether production currently serves this release. */
    isCurrent: boolean('is_current').notNull().default(false),
    publishedBy: text('published_by').notNull().default(''),
    snapshot: jsonb('snapshot').$type<ReleaseSnapshot>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.robotId, t.version] }), index('robot_releases_time').on(t.appId, t.robotId, t.publishedAt)],
);

/** Per-robot segmentation dictionary and synonym groups, edited in test and published like the rest. */
export const robotLexicons = pgTable(
  'robot_lexicons',
  {
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    robotId: text('robot_id').notNull(),
    env: text('env').$type<Env>().notNull(),
    dictionary: jsonb('dictionary').$type<string[]>().notNull().default([]),
    synonyms: jsonb('synonyms').$type<string[][]>().notNull().default([]),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.robotId, t.env] })],
);

import { z } from 'zod';
import { env, expectedRevision, INT_MAX, looseObject, ok, timestamp } from './common.ts';

// The console's knowledge base (/api/robots/...): robots, per-language config, categories, questions,
// releases, the test window, the lexicon and bulk QA import/export.

/** Field limits of the knowledge base. They protect the system and always apply (REST and /api). */
export const KB_LIMITS = {
  categoryTitle: 50,
  question: 500,
  answer: 10_000,
  similarCount: 200,
  similar: 500,
  robotNickName: 50,
  pageSize: 1000,
  batchIds: 1000,
  releaseNote: 200,
} as const;

/** Languages a robot may add (E28). The default language has tag ''. */
export const SUPPORTED_LANGUAGES = ['id', 'zh', 'zh-TW', 'en', 'vi', 'ja', 'fil'] as const;

/** Limits of a robot's config (spec 01 §2.3). */
export const ROBOT_CONFIG_LIMITS = {
  welcomeCardQuestions: 20,
  welcomeCardQuestionLength: 200,
  titleLength: 50,
  messageLength: 1000,
  clarifyNumberMax: 10,
} as const;

const threshold = z.number().min(0).max(1);
const shortText = (max: number) => z.string().max(max);
const L = ROBOT_CONFIG_LIMITS;

/** A robot's standard-QA-mode settings for one environment and language (E02/E03). */
export const robotConfig = z.object({
  welcomeCardEnable: z.boolean(),
  welcomeCardTitle: shortText(L.titleLength),
  welcomeCardQuestions: z.array(z.string().trim().min(1).max(L.welcomeCardQuestionLength)).max(L.welcomeCardQuestions, `at most ${L.welcomeCardQuestions} welcome-card questions`),
  toAgentEnable: z.boolean(),
  /** Scores ≥ this answer directly from the QA library. Also the upper bound of the clarify band. */
  directAnsweringReaches: threshold,
  chitchatEnable: z.boolean(),
  chitchatReaches: threshold,
  clarifyEnable: z.boolean(),
  /** Scores > this (and below the direct threshold) get "did you mean" suggestions. */
  clarifyReaches: threshold,
  clarifyMessage: shortText(L.messageLength),
  clarifyNumber: z.number().int().min(1).max(L.clarifyNumberMax),
  fallbackMsg: shortText(L.messageLength),
});
/** A (partial) config update; cross-field rules are the service's. */
export const robotConfigPatch = robotConfig.partial().strict();
export type RobotConfigPatch = z.infer<typeof robotConfigPatch>;
/** The console's read of a config: the config and its revision (`updatedAt`). */
export const robotConfigState = robotConfig.extend({ updatedAt: timestamp.optional() });
/** The console's edit: a partial config plus the revision it edited. */
export const robotConfigEdit = robotConfig.partial().extend({ expectedRevision }).strict();

export const library = z.enum(['faq', 'chitchat']);
export const robotParams = z.object({ robotId: z.string().min(1).max(128) });
export const libraryParams = robotParams.extend({ library });
export const categoryParams = libraryParams.extend({ categoryId: z.coerce.number().int().min(0).max(INT_MAX) });
export const questionParams = libraryParams.extend({ questionId: z.string().min(1).max(128) });
export const languageParams = robotParams.extend({ tag: z.string().max(20) });
export const releaseParams = robotParams.extend({ version: z.string().min(1).max(64) });

export const envQuery = z.object({ env: env.default('test') });
export const configQuery = z.object({ env: env.default('test'), language: z.string().max(20).default('') });
export const languageQuery = z.object({ language: z.string().max(20).default('') });

export const robot = looseObject({ robotId: z.string(), nickname: z.string(), isDefault: z.boolean(), enabled: z.boolean(), hasUnpublished: z.boolean(), createdAt: timestamp });
export const robotList = z.object({ items: z.array(robot) });
export const addRobotBody = z.object({ nickname: z.string() });
export const addRobotResponse = z.object({ robotId: z.string() });
export const enabledBody = z.object({ enabled: z.boolean() });
export const languageList = z.object({ items: z.array(z.string()) });
export const addLanguageBody = z.object({ languageTag: z.string().max(20) });

export const category = looseObject({ categoryId: z.number(), parentId: z.number(), title: z.string(), menuType: z.number(), status: z.number(), sort: z.number() });
export const categoryList = z.object({ items: z.array(category) });
export const addCategoryBody = z.object({ title: z.string(), parentId: z.number().int().min(0).max(INT_MAX).optional() });
export const addCategoryResponse = z.object({ categoryId: z.number() });
export const renameCategoryBody = z.object({ title: z.string() });

/** 4 enabled, 5 disabled. */
export const questionStatus = z.union([z.literal(4), z.literal(5)]);
export const question = looseObject({
  questionId: z.string(),
  categoryId: z.number(),
  languageTag: z.string(),
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.string(),
  /** 0 plain text, 2 rich text. */
  answerType: z.number(),
  status: z.number(),
  /** 0 ordinary, 1 system preset. */
  questionType: z.number(),
  intent: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const questionsQuery = z.object({
  env: env.default('test'),
  page: z.coerce.number().int().positive().max(100_000).default(1),
  pageSize: z.coerce.number().int().positive().max(KB_LIMITS.pageSize).default(10),
  q: z.string().max(KB_LIMITS.question).optional(),
  categoryId: z.coerce.number().int().min(0).max(INT_MAX).optional(),
  status: z.coerce.number().int().min(0).max(INT_MAX).optional(),
  language: z.string().max(20).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export const questionPage = z.object({ total: z.number(), totalWithSimilar: z.number(), items: z.array(question) });
export const addQuestionBody = z.object({
  categoryId: z.number().int().min(0).max(INT_MAX),
  question: z.string(),
  answer: z.string(),
  answerType: z.number().int().optional(),
  similar: z.array(z.string()).optional(),
  languageTag: z.string().max(20).optional(),
  status: questionStatus.optional(),
});
export type AddQuestionBody = z.input<typeof addQuestionBody>;
export const addQuestionResponse = z.object({ questionId: z.string() });
/** Every field is optional; `similar` replaces the whole list. All of it is saved, or nothing. */
export const editQuestionBody = z.object({
  question: z.string().optional(),
  answer: z.string().optional(),
  answerType: z.number().int().optional(),
  categoryId: z.number().int().min(0).max(INT_MAX).optional(),
  similar: z.array(z.string()).optional(),
  expectedRevision,
});
export type EditQuestionBody = z.input<typeof editQuestionBody>;
export const questionStatusBody = z.object({ questionIds: z.array(z.string()).max(KB_LIMITS.batchIds), status: z.number().int() });

export const release = looseObject({ version: z.string(), note: z.string(), publishedBy: z.string() });
export const releasePage = z.object({ total: z.number(), items: z.array(release) });
export const publishBody = z.object({ note: z.string().default('') }).default({ note: '' });
export const releasesQuery = z.object({ page: z.coerce.number().int().positive().max(100_000).default(1), pageSize: z.coerce.number().int().positive().max(100).default(10) });

// ---- the test window and the lexicon -----------------------------------------------------------

export const testAnswerBody = z.object({ text: z.string().min(1).max(2000), env: env.default('test'), languageTag: z.string().max(20).default('') });
/** The explainable answer: branch, matched entry and score, candidates with their scores. */
export const testAnswer = looseObject({ branch: z.string(), score: z.number(), margin: z.number(), toAgentScore: z.number(), robotDisabled: z.boolean() });
/** Threshold preview: the proposed thresholds, replayed over the robot's last production questions. */
export const thresholdPreviewBody = z.object({
  language: z.string().max(20).default(''),
  directAnsweringReaches: threshold,
  chitchatReaches: threshold,
  clarifyReaches: threshold,
  clarifyEnable: z.boolean().optional(),
  chitchatEnable: z.boolean().optional(),
});
export const answerOutcome = z.enum(['direct', 'chitchat', 'clarify', 'to_agent', 'fallback']);
const outcomeCounts = z.object({ direct: z.number(), chitchat: z.number(), clarify: z.number(), to_agent: z.number(), fallback: z.number() });
/** Per outcome, current (the production thresholds) and proposed counts, and a few questions whose outcome changes. */
export const thresholdPreview = z.object({
  total: z.number(),
  current: outcomeCounts,
  proposed: outcomeCounts,
  changed: z.number(),
  examples: z.array(z.object({ question: z.string(), from: answerOutcome, to: answerOutcome, score: z.number() })),
});
export type ThresholdPreview = z.infer<typeof thresholdPreview>;
/** The welcome card, a Desk custom message (src 29). */
export const welcomeResponse = z.object({ card: looseObject({ src: z.string() }).nullable() });
export const lexicon = z.object({ dictionary: z.array(z.string()), synonyms: z.array(z.array(z.string())) });
export const lexiconBody = z.object({ dictionary: z.array(z.string()).default([]), synonyms: z.array(z.array(z.string())).default([]) });

// ---- bulk QA import / export ----------------------------------------------------------------------

export const sheetFormat = z.enum(['csv', 'xlsx']);
// Tags end up in a download filename, so only tag characters are accepted.
const languageTagParam = z
  .string()
  .regex(/^[A-Za-z0-9-]{0,20}$/, 'language must be a language tag')
  .default('');
export const templateQuery = z.object({ format: sheetFormat.default('xlsx') });
export const exportQuery = z.object({ format: sheetFormat.default('xlsx'), env: env.default('test'), language: languageTagParam });
export const importQuery = z.object({ format: sheetFormat.optional(), language: languageTagParam, mode: z.enum(['import', 'dryRun']).default('import') });
/** A downloaded sheet (binary). */
export const sheetFile = z.string().meta({ format: 'binary' });
export const importResponse = z.object({ imported: z.number(), createdCategories: z.number(), dryRun: z.boolean() });

export const knowledgeOk = ok;

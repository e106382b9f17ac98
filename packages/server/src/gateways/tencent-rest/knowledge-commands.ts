import { z } from 'zod';
import { invalid } from '../../platform/errors.ts';
import { DEFAULT_ROBOT_ID, type RobotScope, type Question, type RobotConfig, type RobotConfigPatch, type Library } from '../../knowledge/index.ts';
import { intField, switchField } from './body.ts';
import { command, type CommandContext, type CommandTable } from './command.ts';

// E02-E21, E28-E30 and desk_add_robot: Tencent field names in, service calls, Tencent field names out.
// REST writes take effect in production (and are mirrored to test so a later publish keeps them).

const int = intField();
const switchValue = switchField('off or on');
/** Thresholds are documented as decimal strings, but samples also show numbers (R1). */
const threshold = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    ctx.addIssue({ code: 'custom', message: 'must be a decimal between 0 and 1' });
    return z.NEVER;
  }
  return n;
});
/** Parley extension: choose a robot other than the default one (multi-robot). */
const robotField = { RobotId: z.string().min(1).max(100).optional() };

const scopeOf = (ctx: CommandContext, input: { RobotId?: string }): RobotScope => ({
  appId: ctx.app.sdkAppId,
  robotId: input.RobotId ?? DEFAULT_ROBOT_ID,
});

const PROD = 'test+prod' as const;

function configOut(c: RobotConfig) {
  return {
    WelcomeCardEnable: c.welcomeCardEnable ? 1 : 0,
    WelcomeCardTitle: c.welcomeCardTitle,
    WelcomeCardQuestions: c.welcomeCardQuestions,
    ToAgentEnable: c.toAgentEnable ? 1 : 0,
    DirectAnsweringReaches: String(c.directAnsweringReaches),
    ChitchatEnable: c.chitchatEnable ? 1 : 0,
    ChitchatReaches: String(c.chitchatReaches),
    ClarifyEnable: c.clarifyEnable ? 1 : 0,
    ClarifyReaches: String(c.clarifyReaches),
    ClarifyMessage: c.clarifyMessage,
    ClarifyNumber: c.clarifyNumber,
    FallbackMsg: c.fallbackMsg,
  };
}

const configSchema = z.object({
  ...robotField,
  LanguageTag: z.string().optional(),
  WelcomeCardEnable: switchValue.optional(),
  WelcomeCardTitle: z.string().optional(),
  WelcomeCardQuestions: z.array(z.string()).optional(),
  ToAgentEnable: switchValue.optional(),
  DirectAnsweringReaches: threshold.optional(),
  ChitchatEnable: switchValue.optional(),
  ChitchatReaches: threshold.optional(),
  ClarifyEnable: switchValue.optional(),
  ClarifyReaches: threshold.optional(),
  ClarifyMessage: z.string().optional(),
  ClarifyNumber: int.optional(),
  FallbackMsg: z.string().optional(),
});

function configPatch(input: z.infer<typeof configSchema>): RobotConfigPatch {
  const patch: RobotConfigPatch = {
    welcomeCardEnable: input.WelcomeCardEnable,
    welcomeCardTitle: input.WelcomeCardTitle,
    welcomeCardQuestions: input.WelcomeCardQuestions,
    toAgentEnable: input.ToAgentEnable,
    directAnsweringReaches: input.DirectAnsweringReaches,
    chitchatEnable: input.ChitchatEnable,
    chitchatReaches: input.ChitchatReaches,
    clarifyEnable: input.ClarifyEnable,
    clarifyReaches: input.ClarifyReaches,
    clarifyMessage: input.ClarifyMessage,
    clarifyNumber: input.ClarifyNumber,
    fallbackMsg: input.FallbackMsg,
  };
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as RobotConfigPatch;
}

function questionOut(q: Question) {
  return {
    StandardQuestionId: q.questionId,
    StandardQuestion: q.question,
    Status: q.status,
    CategoryId: q.categoryId,
    Answer: q.answer,
    AnswerType: q.answerType,
    QuestionType: q.questionType,
    SimilarQuestions: q.similar,
  };
}

/** The commands that exist once per library (faq / chitchat) with the same shape. */
function libraryCommands(library: Library, withLanguage: boolean) {
  const addSchema = z.object({
    ...robotField,
    CategoryId: int,
    Question: z.string(),
    Answer: z.string(),
    AnswerType: int.optional(),
    SimilarQuestions: z.array(z.string()).optional(),
    ...(withLanguage ? { LanguageTag: z.string().optional() } : {}),
  });
  const listSchema = z.object({
    ...robotField,
    PageIndex: int,
    PageSize: int,
    Question: z.string().optional(),
    CategoryId: int.optional(),
    Status: int.optional(),
    ...(withLanguage ? { LanguageTag: z.string().optional() } : {}),
  });
  return {
    [`del_${library}_category`]: command({
      schema: z.object({ ...robotField, CategoryId: int }),
      rateLimited: true,
      handle: async (ctx, input) => ctx.services.knowledge.library.deleteCategory(scopeOf(ctx, input), PROD, library, input.CategoryId),
    }),
    [`batch_set_${library}`]: command({
      schema: z.object({ ...robotField, StandardQuestionIds: z.array(z.string()), Status: int }),
      rateLimited: true,
      handle: async (ctx, input) => ctx.services.knowledge.library.setStatus(scopeOf(ctx, input), PROD, library, input.StandardQuestionIds, input.Status),
    }),
    [`update_${library}_category`]: command({
      schema: z.object({ ...robotField, CategoryId: int, Title: z.string() }),
      rateLimited: true,
      handle: async (ctx, input) => ctx.services.knowledge.library.renameCategory(scopeOf(ctx, input), PROD, library, input.CategoryId, input.Title),
    }),
    [`update_${library}_similar`]: command({
      schema: z.object({ ...robotField, StandardQuestionId: z.string(), SimilarQuestions: z.array(z.string()) }),
      rateLimited: true,
      handle: async (ctx, input) => ctx.services.knowledge.library.setSimilar(scopeOf(ctx, input), PROD, library, input.StandardQuestionId, input.SimilarQuestions),
    }),
    [`update_${library}`]: command({
      schema: z.object({
        ...robotField,
        StandardQuestionId: z.string(),
        Answer: z.string().optional(),
        AnswerType: int.optional(),
        CategoryId: int.optional(),
        Question: z.string().optional(),
      }),
      rateLimited: true,
      handle: async (ctx, input) =>
        ctx.services.knowledge.library.updateQuestion(scopeOf(ctx, input), PROD, library, input.StandardQuestionId, {
          question: input.Question,
          answer: input.Answer,
          answerType: input.AnswerType,
          categoryId: input.CategoryId,
        }),
    }),
    [`add_${library}_category`]: command({
      schema: z.object({ ...robotField, Title: z.string(), ParentId: int.optional() }),
      rateLimited: true,
      handle: async (ctx, input) => ({
        CategoryId: await ctx.services.knowledge.library.addCategory(scopeOf(ctx, input), PROD, library, { title: input.Title, parentId: input.ParentId }),
      }),
    }),
    [`add_${library}`]: command({
      schema: addSchema,
      rateLimited: true,
      handle: async (ctx, input: z.infer<typeof addSchema> & { LanguageTag?: string }) => {
        await ctx.services.knowledge.library.addQuestion(scopeOf(ctx, input), PROD, library, {
          categoryId: input.CategoryId,
          question: input.Question,
          answer: input.Answer,
          answerType: input.AnswerType,
          similar: input.SimilarQuestions,
          languageTag: input.LanguageTag,
        });
      },
    }),
    [`desc_${library}_category`]: command({
      schema: z.object({ ...robotField }),
      rateLimited: true,
      handle: async (ctx, input) => {
        const list = await ctx.services.knowledge.library.listCategories(scopeOf(ctx, input), 'prod', library);
        return {
          Total: list.length,
          List: list.map((c) => ({ CategoryId: c.categoryId, ParentId: c.parentId, Title: c.title, MenuType: c.menuType, Status: c.status })),
        };
      },
    }),
    [`list_${library}`]: command({
      schema: listSchema,
      rateLimited: true,
      handle: async (ctx, input: z.infer<typeof listSchema> & { LanguageTag?: string }) => {
        const page = await ctx.services.knowledge.library.listQuestions(scopeOf(ctx, input), 'prod', library, {
          pageIndex: input.PageIndex,
          pageSize: input.PageSize,
          keyword: input.Question || undefined,
          categoryId: input.CategoryId,
          status: input.Status,
          languageTag: input.LanguageTag,
        });
        return { AllQuestionCount: page.totalWithSimilar, StandardQuestionCount: page.total, QuestionList: page.items.map(questionOut) };
      },
    }),
  };
}

export const knowledgeCommands: CommandTable[string] = {
  desc_robot_config: command({
    schema: z.object({ ...robotField, LanguageTag: z.string().optional() }),
    rateLimited: false,
    handle: async (ctx, input) => configOut(await ctx.services.knowledge.robots.getConfig(scopeOf(ctx, input), 'prod', input.LanguageTag ?? '')),
  }),
  update_robot_config: command({
    schema: configSchema,
    rateLimited: false,
    handle: async (ctx, input) => {
      await ctx.services.knowledge.robots.updateConfig(scopeOf(ctx, input), PROD, input.LanguageTag ?? '', configPatch(input));
    },
  }),
  ...libraryCommands('chitchat', false),
  ...libraryCommands('faq', true),
  robot_add_language: command({
    schema: z.object({ ...robotField, LanguageTag: z.string() }),
    rateLimited: true,
    handle: async (ctx, input) => ctx.services.knowledge.robots.addLanguage(ctx.app, scopeOf(ctx, input), input.LanguageTag),
  }),
  robot_get_language_list: command({
    schema: z.object({ ...robotField }),
    rateLimited: true,
    handle: async (ctx, input) => {
      const tags = await ctx.services.knowledge.robots.listLanguages(scopeOf(ctx, input));
      return { Languages: tags.map((tag) => ({ LanguageTag: tag, IsDefault: tag === '' ? 1 : 0 })) };
    },
  }),
  robot_del_language: command({
    schema: z.object({ ...robotField, LanguageTag: z.string() }),
    rateLimited: true,
    handle: async (ctx, input) => ctx.services.knowledge.robots.deleteLanguage(scopeOf(ctx, input), input.LanguageTag),
  }),
  desk_add_robot: command({
    schema: z.object({ RobotNickName: z.string() }),
    rateLimited: true,
    handle: async (ctx, input) => {
      if (!input.RobotNickName.trim()) throw invalid('RobotNickName must not be empty');
      return { RobotId: await ctx.services.knowledge.robots.addRobot(ctx.app, input.RobotNickName) };
    },
  }),
};

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_ROBOT_ID, type RobotScope } from '../../knowledge/index.ts';
import { robotConfigPatch } from '../../knowledge/robot-config.ts';
import type { Services } from '../../services.ts';

// Console API for the knowledge base. Edits land in the test environment; publish copies them to production.

const env = z.enum(['test', 'prod']).default('test');
const library = z.enum(['faq', 'chitchat']);
const robotParams = z.object({ robotId: z.string().min(1) });
const libraryParams = robotParams.extend({ library });
const categoryParams = libraryParams.extend({ categoryId: z.coerce.number().int() });
const questionParams = libraryParams.extend({ questionId: z.string().min(1) });

/** `default` is an alias of the default robot, whose id contains '#'. */
export function scopeOf(request: FastifyRequest, robotId: string): RobotScope {
  return { appId: request.caller!.app.sdkAppId, robotId: robotId === 'default' ? DEFAULT_ROBOT_ID : robotId };
}

const questionInput = z.object({
  categoryId: z.number().int(),
  question: z.string(),
  answer: z.string(),
  answerType: z.number().int().optional(),
  similar: z.array(z.string()).optional(),
  languageTag: z.string().optional(),
  status: z.union([z.literal(4), z.literal(5)]).optional(),
});

export async function knowledgeRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { robots, library: lib, releases } = services.knowledge;

  app.get('/robots', async (request) => ({ items: await robots.listRobots(request.caller!.app.sdkAppId) }));
  app.post('/robots', async (request) => {
    const body = z.object({ nickname: z.string() }).parse(request.body);
    return { robotId: await robots.addRobot(request.caller!.app, body.nickname) };
  });
  app.post('/robots/:robotId/enabled', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const body = z.object({ enabled: z.boolean() }).parse(request.body);
    await robots.setEnabled(scopeOf(request, robotId), body.enabled);
    return { ok: true };
  });

  app.get('/robots/:robotId/config', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ env, language: z.string().default('') }).parse(request.query);
    return robots.getConfig(scopeOf(request, robotId), query.env, query.language);
  });
  app.patch('/robots/:robotId/config', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ language: z.string().default('') }).parse(request.query);
    return robots.updateConfig(scopeOf(request, robotId), 'test', query.language, robotConfigPatch.parse(request.body));
  });

  app.get('/robots/:robotId/languages', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    return { items: await robots.listLanguages(scopeOf(request, robotId)) };
  });
  app.post('/robots/:robotId/languages', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const body = z.object({ languageTag: z.string() }).parse(request.body);
    await robots.addLanguage(request.caller!.app, scopeOf(request, robotId), body.languageTag);
    return { ok: true };
  });
  app.delete('/robots/:robotId/languages/:tag', async (request) => {
    const { robotId, tag } = robotParams.extend({ tag: z.string() }).parse(request.params);
    await robots.deleteLanguage(scopeOf(request, robotId), tag);
    return { ok: true };
  });

  app.get('/robots/:robotId/:library/categories', async (request) => {
    const params = libraryParams.parse(request.params);
    const query = z.object({ env }).parse(request.query);
    return { items: await lib.listCategories(scopeOf(request, params.robotId), query.env, params.library) };
  });
  app.post('/robots/:robotId/:library/categories', async (request) => {
    const params = libraryParams.parse(request.params);
    const body = z.object({ title: z.string(), parentId: z.number().int().optional() }).parse(request.body);
    return { categoryId: await lib.addCategory(scopeOf(request, params.robotId), 'test', params.library, body) };
  });
  app.patch('/robots/:robotId/:library/categories/:categoryId', async (request) => {
    const params = categoryParams.parse(request.params);
    const body = z.object({ title: z.string() }).parse(request.body);
    await lib.renameCategory(scopeOf(request, params.robotId), 'test', params.library, params.categoryId, body.title);
    return { ok: true };
  });
  app.delete('/robots/:robotId/:library/categories/:categoryId', async (request) => {
    const params = categoryParams.parse(request.params);
    await lib.deleteCategory(scopeOf(request, params.robotId), 'test', params.library, params.categoryId);
    return { ok: true };
  });

  app.get('/robots/:robotId/:library/questions', async (request) => {
    const params = libraryParams.parse(request.params);
    const query = z
      .object({
        env,
        page: z.coerce.number().int().positive().default(1),
        pageSize: z.coerce.number().int().positive().max(1000).default(10),
        q: z.string().optional(),
        categoryId: z.coerce.number().int().optional(),
        status: z.coerce.number().int().optional(),
        language: z.string().optional(),
        order: z.enum(['asc', 'desc']).default('desc'),
      })
      .parse(request.query);
    const page = await lib.listQuestions(scopeOf(request, params.robotId), query.env, params.library, {
      pageIndex: query.page,
      pageSize: query.pageSize,
      keyword: query.q,
      categoryId: query.categoryId,
      status: query.status,
      languageTag: query.language,
      order: query.order,
    });
    return { total: page.total, totalWithSimilar: page.totalWithSimilar, items: page.items };
  });
  app.post('/robots/:robotId/:library/questions', async (request) => {
    const params = libraryParams.parse(request.params);
    const body = questionInput.parse(request.body);
    return { questionId: await lib.addQuestion(scopeOf(request, params.robotId), 'test', params.library, body) };
  });
  app.get('/robots/:robotId/:library/questions/:questionId', async (request) => {
    const params = questionParams.parse(request.params);
    const query = z.object({ env }).parse(request.query);
    return lib.getQuestion(scopeOf(request, params.robotId), query.env, params.library, params.questionId);
  });
  app.patch('/robots/:robotId/:library/questions/:questionId', async (request) => {
    const params = questionParams.parse(request.params);
    const body = z
      .object({ question: z.string().optional(), answer: z.string().optional(), answerType: z.number().int().optional(), categoryId: z.number().int().optional(), similar: z.array(z.string()).optional() })
      .parse(request.body);
    const scope = scopeOf(request, params.robotId);
    const { similar, ...patch } = body;
    if (Object.keys(patch).length) await lib.updateQuestion(scope, 'test', params.library, params.questionId, patch);
    if (similar) await lib.setSimilar(scope, 'test', params.library, params.questionId, similar);
    return lib.getQuestion(scope, 'test', params.library, params.questionId);
  });
  app.post('/robots/:robotId/:library/questions/status', async (request) => {
    const params = libraryParams.parse(request.params);
    const body = z.object({ questionIds: z.array(z.string()), status: z.number().int() }).parse(request.body);
    await lib.setStatus(scopeOf(request, params.robotId), 'test', params.library, body.questionIds, body.status);
    return { ok: true };
  });

  app.post('/robots/:robotId/publish', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const body = z.object({ note: z.string().default('') }).parse(request.body ?? {});
    return releases.publish(scopeOf(request, robotId), body.note, request.caller!.identifier);
  });
  app.get('/robots/:robotId/releases', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ page: z.coerce.number().int().positive().default(1), pageSize: z.coerce.number().int().positive().max(100).default(10) }).parse(request.query);
    return releases.list(scopeOf(request, robotId), query.page, query.pageSize);
  });
  app.post('/robots/:robotId/releases/:version/rollback', async (request) => {
    const { robotId, version } = robotParams.extend({ version: z.string() }).parse(request.params);
    return releases.rollback(scopeOf(request, robotId), version);
  });
}

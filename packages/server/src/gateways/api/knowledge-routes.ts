import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { knowledgeApi as K, withErrors } from '@parley/protocol';
import { DEFAULT_ROBOT_ID, type RobotScope } from '../../knowledge/index.ts';
import type { Services } from '../../services.ts';

// Console API for the knowledge base. Edits land in the test environment; publish copies them to production.

/** `default` is an alias of the default robot, whose id contains '#'. */
export function scopeOf(request: FastifyRequest, robotId: string): RobotScope {
  return { appId: request.caller!.app.sdkAppId, robotId: robotId === 'default' ? DEFAULT_ROBOT_ID : robotId };
}

const tags = ['knowledge'];

export async function knowledgeRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { robots, library: lib, releases } = services.knowledge;

  app.get('/robots', { schema: { tags, response: withErrors({ 200: K.robotList }) } }, async (request) => ({ items: await robots.listRobots(request.caller!.app.sdkAppId) }));
  app.post('/robots', { schema: { tags, body: K.addRobotBody, response: withErrors({ 200: K.addRobotResponse }) } }, async (request) => ({
    robotId: await robots.addRobot(request.caller!.app, request.body.nickname),
  }));
  app.post('/robots/:robotId/enabled', { schema: { tags, params: K.robotParams, body: K.enabledBody, response: withErrors({ 200: K.knowledgeOk }) } }, async (request) => {
    await robots.setEnabled(scopeOf(request, request.params.robotId), request.body.enabled);
    return { ok: true as const };
  });

  app.get('/robots/:robotId/config', { schema: { tags, params: K.robotParams, querystring: K.configQuery, response: withErrors({ 200: K.robotConfigState }) } }, async (request) => {
    return robots.getConfigWithRevision(scopeOf(request, request.params.robotId), request.query.env, request.query.language);
  });
  app.patch(
    '/robots/:robotId/config',
    { schema: { tags, params: K.robotParams, querystring: K.languageQuery, body: K.robotConfigEdit, response: withErrors({ 200: K.robotConfigState }) } },
    async (request) => {
      return robots.updateConfig(scopeOf(request, request.params.robotId), 'test', request.query.language, request.body);
    },
  );

  app.get('/robots/:robotId/languages', { schema: { tags, params: K.robotParams, response: withErrors({ 200: K.languageList }) } }, async (request) => ({
    items: await robots.listLanguages(scopeOf(request, request.params.robotId)),
  }));
  app.post('/robots/:robotId/languages', { schema: { tags, params: K.robotParams, body: K.addLanguageBody, response: withErrors({ 200: K.knowledgeOk }) } }, async (request) => {
    await robots.addLanguage(request.caller!.app, scopeOf(request, request.params.robotId), request.body.languageTag);
    return { ok: true as const };
  });
  app.delete('/robots/:robotId/languages/:tag', { schema: { tags, params: K.languageParams, response: withErrors({ 200: K.knowledgeOk }) } }, async (request) => {
    await robots.deleteLanguage(scopeOf(request, request.params.robotId), request.params.tag);
    return { ok: true as const };
  });

  app.get('/robots/:robotId/:library/categories', { schema: { tags, params: K.libraryParams, querystring: K.envQuery, response: withErrors({ 200: K.categoryList }) } }, async (request) => {
    return { items: await lib.listCategories(scopeOf(request, request.params.robotId), request.query.env, request.params.library) };
  });
  app.post('/robots/:robotId/:library/categories', { schema: { tags, params: K.libraryParams, body: K.addCategoryBody, response: withErrors({ 200: K.addCategoryResponse }) } }, async (request) => {
    return { categoryId: await lib.addCategory(scopeOf(request, request.params.robotId), 'test', request.params.library, request.body) };
  });
  app.patch(
    '/robots/:robotId/:library/categories/:categoryId',
    { schema: { tags, params: K.categoryParams, body: K.renameCategoryBody, response: withErrors({ 200: K.knowledgeOk }) } },
    async (request) => {
      const { robotId, library, categoryId } = request.params;
      await lib.renameCategory(scopeOf(request, robotId), 'test', library, categoryId, request.body.title);
      return { ok: true as const };
    },
  );
  app.delete('/robots/:robotId/:library/categories/:categoryId', { schema: { tags, params: K.categoryParams, response: withErrors({ 200: K.knowledgeOk }) } }, async (request) => {
    const { robotId, library, categoryId } = request.params;
    await lib.deleteCategory(scopeOf(request, robotId), 'test', library, categoryId);
    return { ok: true as const };
  });

  app.get('/robots/:robotId/:library/questions', { schema: { tags, params: K.libraryParams, querystring: K.questionsQuery, response: withErrors({ 200: K.questionPage }) } }, async (request) => {
    const { query, params } = request;
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
  app.post('/robots/:robotId/:library/questions', { schema: { tags, params: K.libraryParams, body: K.addQuestionBody, response: withErrors({ 200: K.addQuestionResponse }) } }, async (request) => {
    return { questionId: await lib.addQuestion(scopeOf(request, request.params.robotId), 'test', request.params.library, request.body) };
  });
  app.get('/robots/:robotId/:library/questions/:questionId', { schema: { tags, params: K.questionParams, querystring: K.envQuery, response: withErrors({ 200: K.question }) } }, async (request) => {
    const { robotId, library, questionId } = request.params;
    return lib.getQuestion(scopeOf(request, robotId), request.query.env, library, questionId);
  });
  /** One edit, one transaction: a refused field (e.g. too many similar questions) leaves the question as it was. */
  app.patch('/robots/:robotId/:library/questions/:questionId', { schema: { tags, params: K.questionParams, body: K.editQuestionBody, response: withErrors({ 200: K.question }) } }, async (request) => {
    const { robotId, library, questionId } = request.params;
    return lib.editQuestion(scopeOf(request, robotId), 'test', library, questionId, request.body);
  });
  app.post('/robots/:robotId/:library/questions/status', { schema: { tags, params: K.libraryParams, body: K.questionStatusBody, response: withErrors({ 200: K.knowledgeOk }) } }, async (request) => {
    await lib.setStatus(scopeOf(request, request.params.robotId), 'test', request.params.library, request.body.questionIds, request.body.status);
    return { ok: true as const };
  });

  app.post('/robots/:robotId/publish', { schema: { tags, params: K.robotParams, body: K.publishBody.optional(), response: withErrors({ 200: K.release }) } }, async (request) => {
    return releases.publish(scopeOf(request, request.params.robotId), request.body?.note ?? '', request.caller!.identifier);
  });
  app.get('/robots/:robotId/releases', { schema: { tags, params: K.robotParams, querystring: K.releasesQuery, response: withErrors({ 200: K.releasePage }) } }, async (request) => {
    return releases.list(scopeOf(request, request.params.robotId), request.query.page, request.query.pageSize);
  });
  app.post('/robots/:robotId/releases/:version/rollback', { schema: { tags, params: K.releaseParams, response: withErrors({ 200: K.release }) } }, async (request) => {
    return releases.rollback(scopeOf(request, request.params.robotId), request.params.version);
  });
}

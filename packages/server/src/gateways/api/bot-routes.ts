import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { knowledgeApi as K, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { scopeOf } from './knowledge-routes.ts';

const tags = ['knowledge'];

/** The console's test window and the robot's vocabulary. */
export async function botRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Explainable answer: branch, matched entry and score, and the candidates with their scores.
  app.post('/robots/:robotId/test', { schema: { tags, params: K.robotParams, body: K.testAnswerBody, response: withErrors({ 200: K.testAnswer }) } }, async (request) => {
    const { body } = request;
    return services.bot.answers.answer({ ...scopeOf(request, request.params.robotId), env: body.env, languageTag: body.languageTag, text: body.text });
  });

  // The live effect of proposed thresholds on the robot's last production questions.
  app.post('/robots/:robotId/threshold-preview', { schema: { tags, params: K.robotParams, body: K.thresholdPreviewBody, response: withErrors({ 200: K.thresholdPreview }) } }, async (request) => {
    return services.bot.answers.previewThresholds(scopeOf(request, request.params.robotId), request.body);
  });

  app.get('/robots/:robotId/welcome', { schema: { tags, params: K.robotParams, querystring: K.configQuery, response: withErrors({ 200: K.welcomeResponse }) } }, async (request) => {
    return { card: (await services.bot.answers.welcome(scopeOf(request, request.params.robotId), request.query.env, request.query.language)) ?? null };
  });

  app.get('/robots/:robotId/lexicon', { schema: { tags, params: K.robotParams, querystring: K.envQuery, response: withErrors({ 200: K.lexicon }) } }, async (request) => {
    return services.knowledge.lexicons.get(scopeOf(request, request.params.robotId), request.query.env);
  });
  app.put('/robots/:robotId/lexicon', { schema: { tags, params: K.robotParams, body: K.lexiconBody, response: withErrors({ 200: K.lexicon }) } }, async (request) => {
    return services.knowledge.lexicons.set(scopeOf(request, request.params.robotId), request.body);
  });
}

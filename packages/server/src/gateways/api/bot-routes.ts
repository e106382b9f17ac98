import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from './knowledge-routes.ts';

const robotParams = z.object({ robotId: z.string().min(1) });

/** The console's test window and the robot's vocabulary. */
export async function botRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // Explainable answer: branch, matched entry and score, and the candidates with their scores.
  app.post('/robots/:robotId/test', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const body = z
      .object({ text: z.string().min(1).max(2000), env: z.enum(['test', 'prod']).default('test'), languageTag: z.string().default('') })
      .parse(request.body);
    return services.bot.answers.answer({ ...scopeOf(request, robotId), env: body.env, languageTag: body.languageTag, text: body.text });
  });

  app.get('/robots/:robotId/welcome', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ env: z.enum(['test', 'prod']).default('test'), language: z.string().default('') }).parse(request.query);
    return { card: (await services.bot.answers.welcome(scopeOf(request, robotId), query.env, query.language)) ?? null };
  });

  app.get('/robots/:robotId/lexicon', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ env: z.enum(['test', 'prod']).default('test') }).parse(request.query);
    return services.knowledge.lexicons.get(scopeOf(request, robotId), query.env);
  });
  app.put('/robots/:robotId/lexicon', async (request) => {
    const { robotId } = robotParams.parse(request.params);
    const body = z.object({ dictionary: z.array(z.string()).default([]), synonyms: z.array(z.array(z.string())).default([]) }).parse(request.body);
    return services.knowledge.lexicons.set(scopeOf(request, robotId), body);
  });
}

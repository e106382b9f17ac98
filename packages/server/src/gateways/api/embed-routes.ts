import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authApi, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { publicBase } from '../public-base.ts';

// Embedding the workbench in another system (spec 03 §2.3–2.4). Registered behind authenticate +
// requireConsole: the integrator's backend calls it as the app administrator (UserSig), like
// CreateSDKLoginToken; a console admin may too.

export async function embedRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  /** `{sdkUrl, expiresAt}`: the page loads sdkUrl as a script within 10 minutes, once. */
  app.post('/workbench/sdk-login', { schema: { tags: ['embed'], body: authApi.sdkLoginBody, response: withErrors({ 200: authApi.sdkLoginResponse }) } }, async (request) => {
    const caller = request.caller!;
    const { token, expiresAt } = await services.team.embedLogins.issue(caller.app.sdkAppId, request.body.memberId, { roles: caller.roles, memberId: caller.memberId });
    return { sdkUrl: `${publicBase(services.config, request)}/workbench/sdk.js?token=${token}`, expiresAt };
  });
}

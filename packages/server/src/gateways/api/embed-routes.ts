import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { publicBase } from '../public-base.ts';

// Embedding the workbench in another system (spec 03 §2.3–2.4). Registered behind authenticate +
// requireConsole: the integrator's backend calls it as the app administrator (UserSig), like
// CreateSDKLoginToken; a console admin may too.

const sdkLoginBody = z.object({ memberId: z.string().trim().min(1, 'memberId is required').max(254) });

export async function embedRoutes(app: FastifyInstance, { services }: { services: Services }) {
  /** `{sdkUrl, expiresAt}`: the page loads sdkUrl as a script within 10 minutes, once. */
  app.post('/workbench/sdk-login', async (request) => {
    const caller = request.caller!;
    const { memberId } = sdkLoginBody.parse(request.body);
    const { token, expiresAt } = await services.team.embedLogins.issue(caller.app.sdkAppId, memberId, { roles: caller.roles, memberId: caller.memberId });
    return { sdkUrl: `${publicBase(services.config, request)}/workbench/sdk.js?token=${token}`, expiresAt };
  });
}

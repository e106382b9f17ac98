import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../apps/app-service.ts';
import { verifyUserSig } from '../../apps/usersig.ts';
import type { Services } from '../../services.ts';
import { sendError } from './errors.ts';

export interface Caller {
  app: App;
  identifier: string;
  role: 'admin';
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * The console authenticates as the app administrator with a UserSig:
 * `X-Parley-App: <SDKAppID>`, `X-Parley-Identifier: <admin>` and `Authorization: UserSig <sig>`.
 * (Member logins with cookie sessions arrive with the team feature.)
 */
export function requireAdmin(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const sdkAppId = Number(request.headers['x-parley-app']);
    const identifier = String(request.headers['x-parley-identifier'] ?? '');
    const [scheme, sig] = String(request.headers.authorization ?? '').split(' ');
    if (!Number.isInteger(sdkAppId) || !identifier || scheme !== 'UserSig' || !sig) {
      return sendError(reply, 401, 'unauthenticated', 'Send X-Parley-App, X-Parley-Identifier and Authorization: UserSig <sig>');
    }
    const app = await services.apps.get(sdkAppId);
    if (!app) return sendError(reply, 401, 'unauthenticated', `App ${sdkAppId} does not exist`);
    const verdict = verifyUserSig(sig, app.sdkAppId, identifier, app.secretKey, Math.floor(services.clock.now().getTime() / 1000));
    if (!verdict.ok) return sendError(reply, 401, 'unauthenticated', `UserSig rejected: ${verdict.reason}`);
    if (identifier !== app.adminIdentifier) return sendError(reply, 403, 'forbidden', 'Only the app administrator may use this API');
    request.caller = { app, identifier, role: 'admin' };
  };
}

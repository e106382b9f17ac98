import type { FastifyRequest } from 'fastify';
import { textProblem } from '@parley/protocol';
import type { VerifiedCustomer } from '../../customers/index.ts';
import { AppError, ErrorCodes } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';

/** 60002: the request carries no usable credentials (Tencent's common code). */
export const MISSING_CREDENTIALS = 60002;
/** As long as the socket's hello allows (chat-frames `id`). */
const USER_ID_MAX = 128;

/**
 * HTTP fallback credentials: `X-Parley-App`, `X-Parley-User` and `Authorization: UserSig <sig>`, or
 * the query parameters `sdkappid`, `userid` and `usersig` where headers cannot be set (EventSource).
 * Verifies only: the route calls `services.customers.recordContact` once the request is valid.
 */
export async function authenticateRequest(services: Services, request: FastifyRequest): Promise<VerifiedCustomer> {
  const query = request.query as Record<string, unknown>;
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const [scheme, sig] = (header('authorization') ?? '').split(' ');
  const sdkAppId = header('x-parley-app') ?? stringOf(query.sdkappid);
  const userId = header('x-parley-user') ?? stringOf(query.userid);
  const userSig = scheme === 'UserSig' ? sig : stringOf(query.usersig);
  if (!sdkAppId || !/^\d{1,12}$/.test(sdkAppId) || !userId || !userSig) {
    throw new AppError(MISSING_CREDENTIALS, 'Send X-Parley-App, X-Parley-User and Authorization: UserSig <sig> (or sdkappid, userid and usersig in the query)', 401);
  }
  // Checked before any lookup: uploads authenticate before the request's other parts are guarded.
  if (userId.length > USER_ID_MAX || textProblem(userId)) throw new AppError(ErrorCodes.invalidParams, `The user id must be valid text of at most ${USER_ID_MAX} characters`, 400);
  // Nothing is recorded yet: the route records the contact once the request itself is valid.
  return services.customers.verify(Number(sdkAppId), userId, userSig);
}

const stringOf = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

import type { FastifyRequest } from 'fastify';
import type { CustomerIdentity } from '../../customers/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';

/** 60002: the request carries no usable credentials (Tencent's common code). */
export const MISSING_CREDENTIALS = 60002;

/**
 * HTTP fallback credentials: `X-Parley-App`, `X-Parley-User` and `Authorization: UserSig <sig>`, or
 * the query parameters `sdkappid`, `userid` and `usersig` where headers cannot be set (EventSource).
 */
export async function authenticateRequest(services: Services, request: FastifyRequest): Promise<CustomerIdentity> {
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
  return services.customers.authenticate(Number(sdkAppId), userId, userSig);
}

const stringOf = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

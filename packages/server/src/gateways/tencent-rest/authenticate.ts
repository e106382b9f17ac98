import type { App, AppService } from '../../apps/app-service.ts';
import { USERSIG_ERRORS, verifyUserSig } from '../../apps/usersig.ts';
import { CommonErrors } from './envelope.ts';

export type AuthResult = { ok: true; app: App; identifier: string } | { ok: false; code: number; info: string };

/** Checks the query string of a REST call (spec 04 §1.2) and the caller's UserSig. */
export async function authenticate(query: Record<string, unknown>, apps: AppService, nowSeconds: number): Promise<AuthResult> {
  const param = (name: string) => {
    const value = query[name];
    return typeof value === 'string' ? value : undefined;
  };
  const sdkappid = param('sdkappid');
  const identifier = param('identifier');
  const usersig = param('usersig');
  if (!sdkappid || !identifier || !usersig) {
    return { ok: false, code: CommonErrors.badRequestUrl, info: 'The URL must carry sdkappid, identifier, usersig, random and contenttype=json' };
  }
  const contenttype = param('contenttype');
  if (contenttype !== undefined && contenttype !== 'json') return { ok: false, code: CommonErrors.badRequestUrl, info: 'contenttype must be json' };
  const random = param('random');
  if (random !== undefined && !/^\d{1,10}$/.test(random)) return { ok: false, code: CommonErrors.badRequestUrl, info: 'random must be a 32-bit unsigned integer' };
  if (!/^\d{1,12}$/.test(sdkappid)) return { ok: false, code: CommonErrors.badRequestUrl, info: 'sdkappid must be a number' };
  const app = await apps.get(Number(sdkappid));
  if (!app) return { ok: false, code: CommonErrors.unknownApp, info: `SDKAppID ${sdkappid} does not exist` };
  const verdict = verifyUserSig(usersig, app.sdkAppId, identifier, app.secretKey, nowSeconds);
  if (!verdict.ok) {
    const [code, info] = USERSIG_ERRORS[verdict.reason];
    return { ok: false, code, info };
  }
  return { ok: true, app, identifier };
}

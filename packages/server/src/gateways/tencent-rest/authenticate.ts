import { USERSIG_ERRORS, verifyUserSig, type App, type AppService } from '../../apps/index.ts';
import { CommonErrors } from './envelope.ts';

export type AuthResult = { ok: true; app: App; identifier: string } | { ok: false; code: number; info: string };

const URL_PARAMS = ['sdkappid', 'identifier', 'usersig', 'random', 'contenttype'] as const;
type UrlParams = Record<(typeof URL_PARAMS)[number], string>;
const RANDOM_MAX = 4_294_967_295;

/** Checks the query string of a REST call (spec 04 §1.2) and the caller's UserSig. */
export async function authenticate(query: Record<string, unknown>, apps: AppService, nowSeconds: number): Promise<AuthResult> {
  const url = urlParams(query);
  if (typeof url === 'string') return { ok: false, code: CommonErrors.badRequestUrl, info: url };
  const { sdkappid, identifier, usersig } = url;
  const app = await apps.get(Number(sdkappid));
  if (!app) return { ok: false, code: CommonErrors.unknownApp, info: `SDKAppID ${sdkappid} does not exist` };
  const verdict = verifyUserSig(usersig, app.sdkAppId, identifier, app.secretKey, nowSeconds);
  if (!verdict.ok) {
    const [code, info] = USERSIG_ERRORS[verdict.reason];
    return { ok: false, code, info };
  }
  return { ok: true, app, identifier };
}

/**
 * The five URL parameters, each given exactly once (best reading of spec 04 §1.2: all required),
 * or what is wrong with them.
 */
function urlParams(query: Record<string, unknown>): UrlParams | string {
  const params = {} as UrlParams;
  for (const name of URL_PARAMS) {
    const value = query[name];
    if (Array.isArray(value)) return `${name} must be given once`;
    if (typeof value !== 'string' || value === '') return `${name} is missing: the URL must carry sdkappid, identifier, usersig, random and contenttype=json`;
    params[name] = value;
  }
  if (params.contenttype !== 'json') return 'contenttype must be json';
  if (!/^\d{1,10}$/.test(params.random) || Number(params.random) > RANDOM_MAX) return `random must be a 32-bit unsigned integer (0 to ${RANDOM_MAX})`;
  if (!/^\d{1,12}$/.test(params.sdkappid)) return 'sdkappid must be a number';
  return params;
}

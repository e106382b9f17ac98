import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

/** TLSSigAPIv2 UserSig, as issued by Tencent's SDKs and by `parley usersig`. */
interface SigDoc {
  'TLS.ver': string;
  'TLS.identifier': string;
  'TLS.sdkappid': number;
  'TLS.expire': number;
  'TLS.time': number;
  'TLS.sig': string;
}

export type UserSigFailure = 'malformed' | 'app_mismatch' | 'identifier_mismatch' | 'expired' | 'bad_signature';

/** Tencent's common codes for each failure: every gateway (REST, customer chat) reports these. */
export const USERSIG_ERRORS: Record<UserSigFailure, readonly [code: number, info: string]> = {
  malformed: [70003, 'UserSig is malformed and could not be decoded'],
  app_mismatch: [70014, 'The SDKAppID in the UserSig does not match sdkappid'],
  identifier_mismatch: [70013, 'The identifier in the UserSig does not match identifier'],
  expired: [70001, 'UserSig has expired; generate a new one'],
  bad_signature: [70009, "UserSig verification failed: it was not signed with this app's SecretKey"],
};
export const UNKNOWN_APP_CODE = 70020;

export type UserSigResult = { ok: true; expiresAt: number } | { ok: false; reason: UserSigFailure };

function hmac(secretKey: string, identifier: string, sdkAppId: number, time: number, expire: number): string {
  const content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  return createHmac('sha256', secretKey).update(content).digest('base64');
}

const escape = (b64: string) => b64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
const unescape = (sig: string) => sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');

export function generateUserSig(sdkAppId: number, secretKey: string, identifier: string, expireSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const doc: SigDoc = {
    'TLS.ver': '2.0',
    'TLS.identifier': identifier,
    'TLS.sdkappid': sdkAppId,
    'TLS.expire': expireSeconds,
    'TLS.time': nowSeconds,
    'TLS.sig': hmac(secretKey, identifier, sdkAppId, nowSeconds, expireSeconds),
  };
  return escape(deflateSync(Buffer.from(JSON.stringify(doc))).toString('base64'));
}

function decode(userSig: string): SigDoc | undefined {
  try {
    const json = inflateSync(Buffer.from(unescape(userSig), 'base64')).toString('utf8');
    const doc = JSON.parse(json) as SigDoc;
    const valid =
      typeof doc['TLS.identifier'] === 'string' &&
      Number.isFinite(Number(doc['TLS.sdkappid'])) &&
      Number.isFinite(Number(doc['TLS.time'])) &&
      Number.isFinite(Number(doc['TLS.expire'])) &&
      typeof doc['TLS.sig'] === 'string';
    return valid ? doc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies by recomputing the HMAC over the decoded fields, never by comparing whole
 * signature strings: other libraries compress differently.
 */
export function verifyUserSig(userSig: string, sdkAppId: number, identifier: string, secretKey: string, nowSeconds: number): UserSigResult {
  const doc = decode(userSig);
  if (!doc) return { ok: false, reason: 'malformed' };
  if (Number(doc['TLS.sdkappid']) !== sdkAppId) return { ok: false, reason: 'app_mismatch' };
  if (doc['TLS.identifier'] !== identifier) return { ok: false, reason: 'identifier_mismatch' };
  const time = Number(doc['TLS.time']);
  const expire = Number(doc['TLS.expire']);
  const expected = Buffer.from(hmac(secretKey, identifier, sdkAppId, time, expire));
  const given = Buffer.from(doc['TLS.sig']);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  if (time + expire < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt: time + expire };
}

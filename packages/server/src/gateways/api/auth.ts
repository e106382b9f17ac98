import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyUserSig, type App } from '../../apps/index.ts';
import type { Services } from '../../services.ts';
import { hasConsoleAccess, hasWorkbenchAccess, SESSION_TTL_MS, type Role } from '../../team/index.ts';
import { sendError } from './errors.ts';

export const SESSION_COOKIE = 'parley_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Caller {
  app: App;
  /** The member id (cookie logins) or the app's admin identifier (UserSig). */
  identifier: string;
  roles: Role[];
  memberId?: string;
  /** `session`: a member login sent as `Authorization: Session <token>` (an embedded workbench). */
  via: 'usersig' | 'cookie' | 'session';
  /** Member logins only: the token unsafe cookie requests echo in X-CSRF-Token. */
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * Who is calling, by one of three credentials:
 * - the app administrator's UserSig (`X-Parley-App`, `X-Parley-Identifier`, `Authorization: UserSig <sig>`),
 *   for scripts and tests; it acts as the super admin;
 * - a member's login token as `Authorization: Session <token>` (on a WebSocket upgrade, the
 *   subprotocol `parley-session.<token>`), sent by an embedded workbench;
 * - a member's login cookie (`parley_session`), for the web apps; unsafe methods must echo the
 *   login's CSRF token in `X-CSRF-Token`.
 */
export function authenticate(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (hasUserSigHeaders(request)) return authenticateUserSig(services, request, reply);
    const credential = loginCredentialOf(request);
    if (!credential) return sendError(reply, 401, 'unauthenticated', 'Log in, or send X-Parley-App, X-Parley-Identifier and Authorization: UserSig <sig>');
    const login = await services.team.auth.authenticate(credential.token);
    if (!login) {
      if (credential.via === 'cookie') clearSessionCookie(reply);
      return sendError(reply, 401, 'unauthenticated', 'Your login has expired or was ended by an administrator; log in again');
    }
    // CSRF is a cookie's problem: the browser attaches the cookie to requests other sites make. It never
    // adds an Authorization header (or a subprotocol) by itself, and a page can only send one whose
    // script holds the token, which a forging site does not; so a session token proves the request's intent.
    if (credential.via === 'cookie' && UNSAFE_METHODS.has(request.method) && !csrfMatches(request, login.csrfToken)) {
      return sendError(reply, 403, 'csrf', 'Send the csrfToken of your login in the X-CSRF-Token header');
    }
    const { memberId, roles } = login.member;
    request.caller = { app: login.app, identifier: memberId, roles, memberId, via: credential.via, csrfToken: login.csrfToken };
  };
}

/** A member login's token and how it came. */
export interface LoginCredential {
  token: string;
  via: 'cookie' | 'session';
}

const SESSION_SCHEME = /^Session\b\s*(.*)$/;
export const SESSION_SUBPROTOCOL_PREFIX = 'parley-session.';

/**
 * The member login a request carries. An embedded workbench is a cross-site iframe, which gets no
 * SameSite=Lax cookie: it sends its token as `Authorization: Session <token>`, or, on the socket
 * (browsers cannot set headers on WebSocket upgrades), as the subprotocol `parley-session.<token>`.
 * An explicit token wins over the cookie.
 */
export function loginCredentialOf(request: FastifyRequest): LoginCredential | undefined {
  const header = SESSION_SCHEME.exec(String(request.headers.authorization ?? ''));
  if (header) return { token: header[1].trim(), via: 'session' };
  const subprotocol = sessionSubprotocolOf(request);
  if (subprotocol !== undefined) return { token: subprotocol, via: 'session' };
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

function sessionSubprotocolOf(request: FastifyRequest): string | undefined {
  if (String(request.headers.upgrade ?? '').toLowerCase() !== 'websocket') return undefined;
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const mine = offered.find((p) => p.startsWith(SESSION_SUBPROTOCOL_PREFIX));
  return mine?.slice(SESSION_SUBPROTOCOL_PREFIX.length);
}

/** The admin console: admins and the super admin. */
export async function requireConsole(request: FastifyRequest, reply: FastifyReply) {
  if (!request.caller) return sendError(reply, 401, 'unauthenticated', 'Log in first');
  if (!hasConsoleAccess(request.caller.roles)) return sendError(reply, 403, 'forbidden', 'The admin console needs the admin role; staff members use the workbench');
}

/** The agent workbench: staff and the super admin. */
export async function requireWorkbench(request: FastifyRequest, reply: FastifyReply) {
  if (!request.caller) return sendError(reply, 401, 'unauthenticated', 'Log in first');
  if (!hasWorkbenchAccess(request.caller.roles)) return sendError(reply, 403, 'forbidden', 'The workbench needs the staff role; admins without it use the admin console');
}

/** HttpOnly (scripts never see the token), SameSite=Lax, Secure whenever the site is served over https. */
export function setSessionCookie(reply: FastifyReply, services: Services, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isHttps(reply.request, services),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

const isHttps = (request: FastifyRequest, services: Services) => request.protocol === 'https' || Boolean(services.config.publicUrl?.startsWith('https:'));

function hasUserSigHeaders(request: FastifyRequest): boolean {
  return request.headers['x-parley-app'] !== undefined || String(request.headers.authorization ?? '').startsWith('UserSig');
}

async function authenticateUserSig(services: Services, request: FastifyRequest, reply: FastifyReply) {
  const sdkAppId = Number(request.headers['x-parley-app']);
  const identifier = String(request.headers['x-parley-identifier'] ?? '');
  const [scheme, sig] = String(request.headers.authorization ?? '').split(' ');
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0 || !identifier || scheme !== 'UserSig' || !sig) {
    return sendError(reply, 401, 'unauthenticated', 'Send X-Parley-App, X-Parley-Identifier and Authorization: UserSig <sig>');
  }
  const app = await services.apps.get(sdkAppId);
  if (!app) return sendError(reply, 401, 'unauthenticated', `App ${sdkAppId} does not exist`);
  const verdict = verifyUserSig(sig, app.sdkAppId, identifier, app.secretKey, Math.floor(services.clock.now().getTime() / 1000));
  if (!verdict.ok) return sendError(reply, 401, 'unauthenticated', `UserSig rejected: ${verdict.reason}`);
  if (identifier !== app.adminIdentifier) return sendError(reply, 403, 'forbidden', 'Only the app administrator may use this API');
  request.caller = { app, identifier, roles: ['super_admin'], via: 'usersig' };
}

/** X-CSRF-Token equals the login's token (compared in constant time). */
export function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const given = request.headers['x-csrf-token'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

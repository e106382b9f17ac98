import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authApi as A, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';
import type { Member } from '../../team/index.ts';
import { authenticate, clearSessionCookie, csrfMatches, loginCredentialOf, setSessionCookie } from './auth.ts';
import { sendError } from './errors.ts';

// Member login for the console and the workbench (spec 03 §1.1–1.2): a cookie session plus a CSRF token.

const tags = ['auth'];

const memberView = (m: Member) => ({ memberId: m.memberId, nick: m.nick, email: m.email, roles: m.roles });

export async function authRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { auth, members, embedLogins } = services.team;

  /** One app: logged in. Several apps with this email and password: `{ chooseApp }`, then again with `sdkAppId`. */
  app.post('/auth/login', { schema: { tags, body: A.loginBody, response: withErrors({ 200: A.loginResponse }) } }, async (request, reply) => {
    const result = await auth.login(request.body);
    if ('chooseApp' in result) return { chooseApp: result.chooseApp };
    const { session } = result;
    setSessionCookie(reply, services, session.token);
    return {
      member: memberView(session.member),
      app: { sdkAppId: session.app.sdkAppId, name: session.app.name },
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  });

  /**
   * An embedded workbench (spec 03 §2.4) trades the one-time token of its SdkURL for a member login.
   * No cookie: the cross-site iframe would not get it back, and it must not replace a login the
   * person has in this browser. The page keeps `sessionToken` and sends `Authorization: Session <token>`.
   */
  app.post('/auth/embed-login', { schema: { tags, body: A.embedLoginBody, response: withErrors({ 200: A.embedLoginResponse }) } }, async (request) => {
    const session = await embedLogins.redeem(request.body.token);
    return {
      member: memberView(session.member),
      app: { sdkAppId: session.app.sdkAppId, name: session.app.name },
      csrfToken: session.csrfToken,
      sessionToken: session.token,
      expiresAt: session.expiresAt,
    };
  });

  /** Ends this login. A live cookie login must show its CSRF token; a dead one is simply forgotten. */
  app.post('/auth/logout', { schema: { tags, response: withErrors({ 200: A.ok }) } }, async (request, reply) => {
    const credential = loginCredentialOf(request);
    const login = credential ? await auth.authenticate(credential.token) : undefined;
    if (login && credential?.via === 'cookie' && !csrfMatches(request, login.csrfToken)) {
      return sendError(reply, 403, 'csrf', 'Send the csrfToken of your login in the X-CSRF-Token header');
    }
    if (credential) await auth.logout(credential.token);
    if (credential?.via !== 'session') clearSessionCookie(reply);
    return { ok: true as const };
  });

  app.register(async (scope) => {
    scope.addHook('preValidation', authenticate(services));
    /** Who is logged in; returns the CSRF token again so a reloaded page can recover it. */
    scope.withTypeProvider<ZodTypeProvider>().get('/auth/me', { schema: { tags, response: withErrors({ 200: A.meResponse }) } }, async (request) => {
      const caller = request.caller!;
      const member = caller.memberId ? await members.getMember(caller.app.sdkAppId, caller.memberId) : undefined;
      return {
        member: member ? memberView(member) : null,
        identifier: caller.identifier,
        roles: caller.roles,
        via: caller.via,
        app: { sdkAppId: caller.app.sdkAppId, name: caller.app.name },
        csrfToken: caller.csrfToken ?? null,
      };
    });
  });
}

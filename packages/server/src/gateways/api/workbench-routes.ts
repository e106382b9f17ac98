import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { workbenchApi as W, withErrors } from '@parley/protocol';
import type { Viewer } from '../../agent-work/index.ts';
import type { Session } from '../../conversations/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { hasWorkbenchAccess } from '../../team/index.ts';
import { fileRoutes } from '../chat/file-routes.ts';
import { csrfMatches, loginCredentialOf } from './auth.ts';
import { sendError } from './errors.ts';

// The agent workbench (spec 03 §1): status, session lists and actions, proactive contact, the
// transfer dialog's agents, internal chat. Registered behind authenticate + requireWorkbench.

const tags = ['workbench'];

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const viewerOf = (request: FastifyRequest): Viewer => ({ memberId: request.caller!.memberId, roles: request.caller!.roles });
/** Only on routes behind `requireAgent`. */
const agentOf = (request: FastifyRequest) => request.caller!.memberId!;
const sessionIdOf = (request: FastifyRequest) => (request.params as { sessionId: string }).sessionId;
const otherOf = (request: FastifyRequest) => (request.params as { memberId: string }).memberId;

const AGENT_ONLY = 'This is an agent action: log in as a member (the app administrator’s UserSig has no agent identity)';

/** Agent actions need a member; the administrator's UserSig may read but not act as an agent. */
export async function requireAgent(request: FastifyRequest, reply: FastifyReply) {
  if (!request.caller?.memberId) return sendError(reply, 403, 'forbidden', AGENT_ONLY);
}

/** What an action answers: the session's state after it. */
const sessionView = (s: Session) => ({
  sessionId: s.sessionId,
  state: s.state,
  agentId: s.agentId,
  suspended: s.suspended,
  mark: s.mark,
  starred: s.starred,
  userTimeoutEnabled: s.userTimeoutEnabled,
  endStatus: s.endStatus,
});

export async function workbenchRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { agentWork, routing, conversations } = services;
  const { queries, actions, internal } = agentWork;
  const agent = { preValidation: requireAgent };
  const session = { params: W.sessionParams };
  const other = { params: W.memberParams };
  const acts = { ...agent, schema: { tags, ...session, response: withErrors({ 200: W.sessionView }) } };

  // ---- status (示闲 / 示忙 / 小休 / 下线) -----------------------------------------------------------

  app.get('/workbench/status', { ...agent, schema: { tags, response: withErrors({ 200: W.statusView }) } }, async (request) => {
    const state = await routing.agents.get(appIdOf(request), agentOf(request));
    return statusView(agentOf(request), state);
  });
  app.put('/workbench/status', { ...agent, schema: { tags, body: W.statusBody, response: withErrors({ 200: W.statusView }) } }, async (request) => {
    const { status, reason } = request.body;
    const memberId = agentOf(request);
    return statusView(memberId, await routing.agents.setStatus(appIdOf(request), memberId, status, reason ?? '', memberId));
  });
  app.post('/workbench/heartbeat', { ...agent, schema: { tags, response: withErrors({ 200: W.ok }) } }, async (request) => {
    await routing.agents.heartbeat(appIdOf(request), agentOf(request));
    return { ok: true as const };
  });
  app.get('/workbench/status/history', { ...agent, schema: { tags, querystring: W.statusHistoryQuery, response: withErrors({ 200: W.statusHistory }) } }, async (request) => {
    const rows = await routing.agents.history(appIdOf(request), agentOf(request), request.query.limit);
    return { items: rows.map(({ status, reason, changedBy, startedAt, endedAt }) => ({ status, reason, changedBy, startedAt, endedAt })) };
  });

  // ---- sessions ------------------------------------------------------------------------------------

  app.get('/workbench/sessions', { schema: { tags, querystring: W.sessionsQuery, response: withErrors({ 200: W.sessionPage }) } }, async (request, reply) => {
    if (request.query.view === 'mine' && !request.caller!.memberId) return sendError(reply, 403, 'forbidden', AGENT_ONLY);
    return queries.sessions(appIdOf(request), viewerOf(request), request.query);
  });
  app.get('/workbench/sessions/:sessionId', { schema: { tags, ...session, response: withErrors({ 200: W.sessionInfo }) } }, async (request) =>
    queries.info(appIdOf(request), sessionIdOf(request), viewerOf(request)),
  );
  app.get('/workbench/sessions/:sessionId/messages', { schema: { tags, ...session, querystring: W.historyQuery, response: withErrors({ 200: W.historyPage }) } }, async (request) => {
    return queries.messages(appIdOf(request), sessionIdOf(request), viewerOf(request), request.query);
  });

  app.post('/workbench/sessions/:sessionId/accept', acts, async (request) => sessionView(await actions.accept(appIdOf(request), sessionIdOf(request), agentOf(request))));
  app.post('/workbench/sessions/:sessionId/messages', { ...agent, schema: { tags, ...session, body: W.sendBody, response: withErrors({ 200: W.sendAck }) } }, async (request) => {
    const appId = appIdOf(request);
    const sessionId = sessionIdOf(request);
    const input = request.body;
    await queries.own(appId, sessionId, agentOf(request)); // someone else's session is unknown here
    return conversations.serviceSend({ appId, sessionId, msgRandom: String(input.msgRandom), body: input.body, cloudCustomData: input.cloudCustomData, agentId: agentOf(request) });
  });
  /** 正在输入 (src 12): shown to the user while the agent types, never stored. */
  app.post('/workbench/sessions/:sessionId/typing', { ...agent, schema: { tags, ...session, response: withErrors({ 200: W.ok }) } }, async (request) => {
    await actions.typing(appIdOf(request), sessionIdOf(request), agentOf(request));
    return { ok: true as const };
  });
  app.post('/workbench/sessions/:sessionId/transfer', { ...agent, schema: { tags, ...session, body: W.transferBody, response: withErrors({ 200: W.sessionView }) } }, async (request) => {
    return sessionView(await agentWork.transfers.transfer(appIdOf(request), sessionIdOf(request), request.body, { memberId: agentOf(request) }));
  });
  app.post('/workbench/sessions/:sessionId/end', acts, async (request) => sessionView(await actions.end(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));
  app.post('/workbench/sessions/:sessionId/suspend', acts, async (request) => sessionView(await actions.suspend(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));
  app.post('/workbench/sessions/:sessionId/unsuspend', acts, async (request) => sessionView(await actions.unsuspend(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));
  app.post('/workbench/sessions/:sessionId/mark', { ...agent, schema: { tags, ...session, body: W.markBody, response: withErrors({ 200: W.sessionView }) } }, async (request) => {
    return sessionView(await actions.mark(appIdOf(request), sessionIdOf(request), request.body, { memberId: agentOf(request) }));
  });
  app.post('/workbench/sessions/:sessionId/invite-rating', acts, async (request) => sessionView(await actions.inviteRating(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));

  /** 员工主动联系用户 (spec 03 §1.9): the caller opens a session with a user they serve themselves. */
  app.post('/workbench/contact', { ...agent, schema: { tags, body: W.contactBody, response: withErrors({ 200: W.contactResponse }) } }, async (request) => {
    const input = request.body;
    const accountId = input.accountId ?? services.accounts.defaultAccountId;
    return agentWork.contacts.contact(appIdOf(request), { accountId, userId: input.userId, groupId: input.groupId, memberId: agentOf(request) });
  });

  /** The transfer dialog: who can serve, their status, load and capacity, and their groups. */
  app.get('/workbench/agents', { schema: { tags, querystring: W.agentsQuery, response: withErrors({ 200: W.agentList }) } }, async (request) => ({
    items: await queries.agents(appIdOf(request), request.query),
  }));

  // ---- internal chat (员工内部会话) -----------------------------------------------------------------

  app.get('/workbench/internal/threads', { ...agent, schema: { tags, querystring: W.threadsQuery, response: withErrors({ 200: W.threadPage }) } }, async (request) =>
    internal.threads(appIdOf(request), agentOf(request), request.query),
  );
  app.get('/workbench/internal/:memberId/messages', { ...agent, schema: { tags, ...other, querystring: W.internalHistoryQuery, response: withErrors({ 200: W.internalPage }) } }, async (request) => {
    return internal.messages(appIdOf(request), agentOf(request), otherOf(request), request.query);
  });
  app.post('/workbench/internal/:memberId/messages', { ...agent, schema: { tags, ...other, body: W.internalBody, response: withErrors({ 201: W.internalMessage }) } }, async (request, reply) => {
    return reply.code(201).send(await internal.send(appIdOf(request), agentOf(request), otherOf(request), request.body.body));
  });
  app.post('/workbench/internal/:memberId/hide', { ...agent, schema: { tags, ...other, response: withErrors({ 200: W.ok }) } }, async (request) => {
    await internal.hide(appIdOf(request), agentOf(request), otherOf(request));
    return { ok: true as const };
  });
}

/**
 * `POST /api/workbench/files?kind=image|file`: an agent's uploads, for images and files in replies
 * and internal chat (the member is the uploader). The chat gateway's file routes, authenticated by
 * the login cookie and its CSRF token before the body is read.
 */
export async function workbenchFileRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, ...FILE_ROUTE_DOCS[route.method as string] };
  });
  await app.register(fileRoutes, {
    files: services.files,
    fileUrl: services.fileUrl,
    authenticate: async (request) => {
      const credential = loginCredentialOf(request);
      const login = credential ? await services.team.auth.authenticate(credential.token) : undefined;
      if (!login) throw new AppError(401, 'Log in to upload files', 401);
      // As in authenticate(): only the ambient cookie needs the CSRF token.
      if (credential!.via === 'cookie' && !csrfMatches(request, login.csrfToken)) throw new AppError(403, 'Send the csrfToken of your login in the X-CSRF-Token header', 403);
      const { roles, memberId } = login.member;
      if (!hasWorkbenchAccess(roles)) throw new AppError(403, 'Uploads from the workbench need the staff role', 403);
      return { appId: login.app.sdkAppId, userId: memberId };
    },
  });
}

/**
 * The chat gateway's file routes check their own input (the upload is a raw body, checked before it
 * is read) and answer their own errors, so only their successes are declared here, for the document.
 */
const FILE_ROUTE_DOCS: Record<string, object> = {
  POST: { tags, summary: 'Upload an image or a file (the raw body; ?kind=image|file)', response: { 200: W.uploadResponse } },
  GET: { tags, summary: 'Download an uploaded file', response: { 200: { description: 'The file, with its content type', content: { 'application/octet-stream': { schema: W.fileBody } } } } },
};

function statusView(memberId: string, state: Awaited<ReturnType<Services['routing']['agents']['get']>>) {
  return {
    memberId,
    status: state?.status ?? 'offline',
    restReason: state?.restReason ?? '',
    statusSince: state?.statusSince ?? null,
    load: state?.load ?? 0,
    lastSeenAt: state?.lastSeenAt ?? null,
  };
}

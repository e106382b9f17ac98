import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_VIEWS, type Viewer } from '../../agent-work/index.ts';
import { MESSAGES_PAGE_MAX } from '../../agent-work/workbench-queries.ts';
import { INTERNAL_PAGE_MAX } from '../../agent-work/internal-chat.ts';
import type { Session } from '../../conversations/index.ts';
import { invalidState } from '../../conversations/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { REST_REASON_MAX } from '../../routing/agent-states.ts';
import { AGENT_STATUSES } from '../../routing/schema.ts';
import type { Services } from '../../services.ts';
import { hasWorkbenchAccess } from '../../team/index.ts';
import { fileRoutes } from '../chat/file-routes.ts';
import { csrfMatches, loginCredentialOf } from './auth.ts';
import { sendError } from './errors.ts';

// The agent workbench (spec 03 §1): status, session lists and actions, proactive contact, the
// transfer dialog's agents, internal chat. Registered behind authenticate + requireWorkbench.

const INT_MAX = 2_147_483_647;
const sessionParams = z.object({ sessionId: z.string().min(1).max(128) });
const memberParams = z.object({ memberId: z.string().trim().toLowerCase().min(1).max(254) });
const memberId = z.string().trim().toLowerCase().min(1).max(254);
const groupId = z.number().int().positive().max(INT_MAX);
const paging = (defaultSize: number) => ({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(defaultSize),
});

const listQuery = z.object({ view: z.enum(SESSION_VIEWS).default('mine'), q: z.string().trim().max(100).optional(), ...paging(20) });
const historyQuery = z.object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(MESSAGES_PAGE_MAX).default(50) });
const internalHistoryQuery = z.object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(INTERNAL_PAGE_MAX).default(50) });
const statusHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
const agentsQuery = z.object({ q: z.string().trim().max(100).optional(), groupId: z.coerce.number().int().positive().max(INT_MAX).optional() });

const statusBody = z.strictObject({
  status: z.enum(AGENT_STATUSES),
  /** 小休原因: free text (spec 03 WB-ST-04). */
  reason: z.string().trim().max(REST_REASON_MAX, `reason must be at most ${REST_REASON_MAX} characters`).optional(),
});
const sendBody = z.strictObject({
  /** The client's id for this message: sending again with the same value does not send twice. */
  msgRandom: z.union([z.string().trim().min(1).max(64), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]),
  body: z.unknown(),
  cloudCustomData: z.string().max(8192).optional(),
});
const transferBody = z
  .strictObject({ memberId: memberId.optional(), groupId: groupId.optional() })
  .refine((t) => (t.memberId === undefined) !== (t.groupId === undefined), 'send memberId (a member) or groupId (a group), not both');
const markBody = z
  .strictObject({ mark: z.string().optional(), starred: z.boolean().optional(), userTimeoutEnabled: z.boolean().optional() })
  .refine((m) => m.mark !== undefined || m.starred !== undefined || m.userTimeoutEnabled !== undefined, 'send at least one of mark, starred, userTimeoutEnabled');
const contactBody = z.strictObject({ accountId: z.string().trim().min(1).max(128).optional(), userId: z.string().trim().min(1).max(128), groupId: groupId.optional() });
const internalBody = z.strictObject({ body: z.unknown() });

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const viewerOf = (request: FastifyRequest): Viewer => ({ memberId: request.caller!.memberId, roles: request.caller!.roles });
/** Only on routes behind `requireAgent`. */
const agentOf = (request: FastifyRequest) => request.caller!.memberId!;
const sessionIdOf = (request: FastifyRequest) => sessionParams.parse(request.params).sessionId;
const otherOf = (request: FastifyRequest) => memberParams.parse(request.params).memberId;

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

export async function workbenchRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { agentWork, routing, conversations } = services;
  const { queries, actions, internal } = agentWork;
  const agent = { preHandler: requireAgent };

  // ---- status (示闲 / 示忙 / 小休 / 下线) -----------------------------------------------------------

  app.get('/workbench/status', agent, async (request) => {
    const state = await routing.agents.get(appIdOf(request), agentOf(request));
    return statusView(agentOf(request), state);
  });
  app.put('/workbench/status', agent, async (request) => {
    const { status, reason } = statusBody.parse(request.body);
    const memberId = agentOf(request);
    return statusView(memberId, await routing.agents.setStatus(appIdOf(request), memberId, status, reason ?? '', memberId));
  });
  app.post('/workbench/heartbeat', agent, async (request) => {
    await routing.agents.heartbeat(appIdOf(request), agentOf(request));
    return { ok: true };
  });
  app.get('/workbench/status/history', agent, async (request) => {
    const { limit } = statusHistoryQuery.parse(request.query);
    const rows = await routing.agents.history(appIdOf(request), agentOf(request), limit);
    return { items: rows.map(({ status, reason, changedBy, startedAt, endedAt }) => ({ status, reason, changedBy, startedAt, endedAt })) };
  });

  // ---- sessions ------------------------------------------------------------------------------------

  app.get('/workbench/sessions', async (request, reply) => {
    const query = listQuery.parse(request.query);
    if (query.view === 'mine' && !request.caller!.memberId) return sendError(reply, 403, 'forbidden', AGENT_ONLY);
    return queries.sessions(appIdOf(request), viewerOf(request), query);
  });
  app.get('/workbench/sessions/:sessionId', async (request) => queries.info(appIdOf(request), sessionIdOf(request), viewerOf(request)));
  app.get('/workbench/sessions/:sessionId/messages', async (request) => {
    return queries.messages(appIdOf(request), sessionIdOf(request), viewerOf(request), historyQuery.parse(request.query));
  });

  app.post('/workbench/sessions/:sessionId/accept', agent, async (request) => sessionView(await actions.accept(appIdOf(request), sessionIdOf(request), agentOf(request))));
  app.post('/workbench/sessions/:sessionId/messages', agent, async (request) => {
    const appId = appIdOf(request);
    const sessionId = sessionIdOf(request);
    const input = sendBody.parse(request.body);
    await queries.own(appId, sessionId, agentOf(request)); // someone else's session is unknown here
    return conversations.serviceSend({ appId, sessionId, msgRandom: String(input.msgRandom), body: input.body, cloudCustomData: input.cloudCustomData, agentId: agentOf(request) });
  });
  /** 正在输入 (src 12): shown to the user while the agent types, never stored. */
  app.post('/workbench/sessions/:sessionId/typing', agent, async (request) => {
    const appId = appIdOf(request);
    const session = await queries.own(appId, sessionIdOf(request), agentOf(request));
    if (session.state !== 'Agent') throw invalidState(`Session ${session.sessionId} is waiting to be accepted; accept it first`);
    await conversations.signalTyping(appId, await conversations.runner.accountOrDefaults(appId, session.accountId), session.userId);
    return { ok: true };
  });
  app.post('/workbench/sessions/:sessionId/transfer', agent, async (request) => {
    const target = transferBody.parse(request.body);
    return sessionView(await agentWork.transfers.transfer(appIdOf(request), sessionIdOf(request), target, { memberId: agentOf(request) }));
  });
  app.post('/workbench/sessions/:sessionId/end', agent, async (request) => sessionView(await actions.end(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));
  app.post('/workbench/sessions/:sessionId/suspend', agent, async (request) => sessionView(await actions.suspend(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));
  app.post('/workbench/sessions/:sessionId/unsuspend', agent, async (request) => sessionView(await actions.unsuspend(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));
  app.post('/workbench/sessions/:sessionId/mark', agent, async (request) => {
    const input = markBody.parse(request.body);
    return sessionView(await actions.mark(appIdOf(request), sessionIdOf(request), input, { memberId: agentOf(request) }));
  });
  app.post('/workbench/sessions/:sessionId/invite-rating', agent, async (request) => sessionView(await actions.inviteRating(appIdOf(request), sessionIdOf(request), { memberId: agentOf(request) })));

  /** 员工主动联系用户 (spec 03 §1.9): the caller opens a session with a user they serve themselves. */
  app.post('/workbench/contact', agent, async (request) => {
    const input = contactBody.parse(request.body);
    const accountId = input.accountId ?? services.accounts.defaultAccountId;
    return agentWork.contacts.contact(appIdOf(request), { accountId, userId: input.userId, groupId: input.groupId, memberId: agentOf(request) });
  });

  /** The transfer dialog: who can serve, their status, load and capacity, and their groups. */
  app.get('/workbench/agents', async (request) => ({ items: await queries.agents(appIdOf(request), agentsQuery.parse(request.query)) }));

  // ---- internal chat (员工内部会话) -----------------------------------------------------------------

  app.get('/workbench/internal/threads', agent, async (request) => internal.threads(appIdOf(request), agentOf(request), z.object(paging(20)).parse(request.query)));
  app.get('/workbench/internal/:memberId/messages', agent, async (request) => {
    return internal.messages(appIdOf(request), agentOf(request), otherOf(request), internalHistoryQuery.parse(request.query));
  });
  app.post('/workbench/internal/:memberId/messages', agent, async (request, reply) => {
    const { body } = internalBody.parse(request.body);
    return reply.code(201).send(await internal.send(appIdOf(request), agentOf(request), otherOf(request), body));
  });
  app.post('/workbench/internal/:memberId/hide', agent, async (request) => {
    await internal.hide(appIdOf(request), agentOf(request), otherOf(request));
    return { ok: true };
  });
}

/**
 * `POST /api/workbench/files?kind=image|file`: an agent's uploads, for images and files in replies
 * and internal chat (the member is the uploader). The chat gateway's file routes, authenticated by
 * the login cookie and its CSRF token before the body is read.
 */
export async function workbenchFileRoutes(app: FastifyInstance, { services }: { services: Services }) {
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

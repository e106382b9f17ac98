import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { teamApi as T, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';
import type { AppActor, IssuedPassword } from '../../team/index.ts';

// Team management (spec 01 §10.1–10.3). Console routes need an admin; the directory serves the workbench.

const actorOf = (request: FastifyRequest): AppActor => {
  const { app, roles, memberId } = request.caller!;
  return { app, roles, memberId };
};
const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const tags = ['team'];

/** The password appears only when it could not be mailed, and only in this one answer. */
const issued = (result: IssuedPassword) => ({ member: result.member, emailed: result.emailed, ...(result.password ? { password: result.password } : {}) });

/** Console: members and groups. Registered behind authenticate + requireConsole. */
export async function teamRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { members, groups } = services.team;
  const member = { params: T.memberParams };
  const group = { params: T.groupParams };

  app.get('/team/members', { schema: { tags, querystring: T.listQuery(20), response: withErrors({ 200: T.memberPage }) } }, async (request) => members.list(appIdOf(request), request.query));
  app.post('/team/members', { schema: { tags, body: T.inviteInput, response: withErrors({ 201: T.issuedPassword }) } }, async (request, reply) => {
    return reply.code(201).send(issued(await members.invite(actorOf(request), request.body)));
  });
  app.get('/team/members/:memberId', { schema: { tags, ...member, response: withErrors({ 200: T.memberWithGroups }) } }, async (request) => {
    const found = await members.get(appIdOf(request), request.params.memberId);
    return { ...found, groups: await groups.groupsOf(appIdOf(request), found.memberId) };
  });
  app.patch('/team/members/:memberId', { schema: { tags, ...member, body: T.memberPatch, response: withErrors({ 200: T.member }) } }, async (request) =>
    members.update(actorOf(request), request.params.memberId, request.body),
  );
  app.delete('/team/members/:memberId', { schema: { tags, ...member, response: withErrors({ 200: T.ok }) } }, async (request) => {
    await members.delete(actorOf(request), request.params.memberId);
    return { ok: true as const };
  });
  app.post('/team/members/:memberId/reset-password', { schema: { tags, ...member, response: withErrors({ 200: T.issuedPassword }) } }, async (request) =>
    issued(await members.resetPassword(actorOf(request), request.params.memberId)),
  );
  app.post('/team/members/:memberId/force-offline', { schema: { tags, ...member, response: withErrors({ 200: T.member }) } }, async (request) =>
    members.forceOffline(actorOf(request), request.params.memberId),
  );
  app.post('/team/members/:memberId/restore', { schema: { tags, ...member, response: withErrors({ 200: T.member }) } }, async (request) => members.restore(actorOf(request), request.params.memberId));

  app.get('/team/groups', { schema: { tags, querystring: T.listQuery(10), response: withErrors({ 200: T.groupPage }) } }, async (request) => groups.list(appIdOf(request), request.query));
  app.post('/team/groups', { schema: { tags, body: T.groupInput, response: withErrors({ 201: T.group }) } }, async (request, reply) =>
    reply.code(201).send(await groups.create(appIdOf(request), request.body)),
  );
  app.get('/team/groups/:groupId', { schema: { tags, ...group, response: withErrors({ 200: T.group }) } }, async (request) => groups.get(appIdOf(request), request.params.groupId));
  app.patch('/team/groups/:groupId', { schema: { tags, ...group, body: T.groupPatch, response: withErrors({ 200: T.group }) } }, async (request) =>
    groups.update(appIdOf(request), request.params.groupId, request.body),
  );
  app.delete('/team/groups/:groupId', { schema: { tags, ...group, response: withErrors({ 200: T.ok }) } }, async (request) => {
    await groups.delete(appIdOf(request), request.params.groupId);
    return { ok: true as const };
  });
}

/** Workbench: whom a session can be transferred to. Registered behind authenticate + requireWorkbench. */
export async function teamDirectoryRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/team/directory', { schema: { tags, querystring: T.directoryQuery, response: withErrors({ 200: T.directory }) } }, async (request) => ({
    items: await services.team.directory(appIdOf(request), request.query.q),
  }));
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { AppActor, IssuedPassword } from '../../team/index.ts';
import { groupInput, groupPatch, inviteInput, listQuery, memberPatch } from '../../team/validation.ts';

// Team management (spec 01 §10.1–10.3). Console routes need an admin; the directory serves the workbench.

const memberParams = z.object({ memberId: z.string().trim().min(1).max(254) });
// Out-of-range ids are left to the service, which answers 404 as for any unknown group.
const groupParams = z.object({ groupId: z.coerce.number().int('groupId must be an integer') });
const directoryQuery = z.object({ q: z.string().trim().max(100).optional() });

const actorOf = (request: FastifyRequest): AppActor => {
  const { app, roles, memberId } = request.caller!;
  return { app, roles, memberId };
};
const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const memberIdOf = (request: FastifyRequest) => memberParams.parse(request.params).memberId;
const groupIdOf = (request: FastifyRequest) => groupParams.parse(request.params).groupId;

/** The password appears only when it could not be mailed, and only in this one answer. */
const issued = (result: IssuedPassword) => ({ member: result.member, emailed: result.emailed, ...(result.password ? { password: result.password } : {}) });

/** Console: members and groups. Registered behind authenticate + requireConsole. */
export async function teamRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { members, groups } = services.team;

  app.get('/team/members', async (request) => members.list(appIdOf(request), listQuery(20).parse(request.query)));
  app.post('/team/members', async (request, reply) => {
    const result = await members.invite(actorOf(request), inviteInput.parse(request.body));
    return reply.code(201).send(issued(result));
  });
  app.get('/team/members/:memberId', async (request) => {
    const member = await members.get(appIdOf(request), memberIdOf(request));
    return { ...member, groups: await groups.groupsOf(appIdOf(request), member.memberId) };
  });
  app.patch('/team/members/:memberId', async (request) => {
    const memberId = memberIdOf(request);
    return members.update(actorOf(request), memberId, memberPatch.parse(request.body));
  });
  app.delete('/team/members/:memberId', async (request) => {
    await members.delete(actorOf(request), memberIdOf(request));
    return { ok: true };
  });
  app.post('/team/members/:memberId/reset-password', async (request) => issued(await members.resetPassword(actorOf(request), memberIdOf(request))));
  app.post('/team/members/:memberId/force-offline', async (request) => members.forceOffline(actorOf(request), memberIdOf(request)));
  app.post('/team/members/:memberId/restore', async (request) => members.restore(actorOf(request), memberIdOf(request)));

  app.get('/team/groups', async (request) => groups.list(appIdOf(request), listQuery(10).parse(request.query)));
  app.post('/team/groups', async (request, reply) => reply.code(201).send(await groups.create(appIdOf(request), groupInput.parse(request.body))));
  app.get('/team/groups/:groupId', async (request) => groups.get(appIdOf(request), groupIdOf(request)));
  app.patch('/team/groups/:groupId', async (request) => {
    const groupId = groupIdOf(request);
    return groups.update(appIdOf(request), groupId, groupPatch.parse(request.body));
  });
  app.delete('/team/groups/:groupId', async (request) => {
    await groups.delete(appIdOf(request), groupIdOf(request));
    return { ok: true };
  });
}

/** Workbench: whom a session can be transferred to. Registered behind authenticate + requireWorkbench. */
export async function teamDirectoryRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/team/directory', async (request) => ({ items: await services.team.directory(appIdOf(request), directoryQuery.parse(request.query).q) }));
}

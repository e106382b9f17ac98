import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../platform/errors.ts';
import { personalSpace, sharedSpace, type BulkResult, type ReplySpace } from '../../quick-replies/quick-reply-service.ts';
import { QUICK_REPLY_LIMITS as L } from '../../quick-replies/rules.ts';
import { QUICK_REPLY_SCOPES } from '../../quick-replies/schema.ts';
import type { Services } from '../../services.ts';
import { sendError } from './errors.ts';

// Quick replies (spec 01 §9): the console manages the shared ones (Settings > Workbench settings);
// the workbench lists what a member may use and manages that member's personal ones.

const id = z.coerce.number().int().positive().max(2_147_483_647);
const categoryParams = z.object({ categoryId: id });
const replyParams = z.object({ replyId: id });

const categoryBody = z
  .object({
    name: z.string(),
    scope: z.enum(QUICK_REPLY_SCOPES).optional(),
    scopeIds: z.array(z.union([z.number(), z.string()])).optional(),
    sort: z.number().optional(),
  })
  .strict();
const replyBody = z.object({ categoryId: z.number().int(), title: z.string(), content: z.string() }).strict();
const bulkBody = z.object({ categoryId: z.number().int(), text: z.string(), format: z.enum(['lines', 'csv']).optional() }).strict();
const searchQuery = z.object({
  q: z.string().optional(),
  categoryId: id.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(L.pageSize).default(20),
});

/** 500 replies of 2,000 characters, up to 4 UTF-8 bytes each, with room for the JSON around them. */
const BULK_BODY_LIMIT = 5 * 1024 * 1024;

/** The same CRUD for a space: the app's shared replies (console) or the caller's personal ones (workbench). */
function spaceRoutes(app: FastifyInstance, services: Services, prefix: string, spaceOf: (request: FastifyRequest) => ReplySpace) {
  const replies = services.quickReplies;
  const createdBy = (request: FastifyRequest) => request.caller!.memberId ?? request.caller!.identifier;

  app.get(`${prefix}/categories`, async (request) => ({ items: await replies.listCategories(spaceOf(request)) }));
  app.post(`${prefix}/categories`, async (request, reply) => reply.code(201).send(await replies.createCategory(spaceOf(request), categoryBody.parse(request.body))));
  app.patch(`${prefix}/categories/:categoryId`, async (request) => {
    const { categoryId } = categoryParams.parse(request.params);
    return replies.updateCategory(spaceOf(request), categoryId, categoryBody.partial().parse(request.body));
  });
  app.delete(`${prefix}/categories/:categoryId`, async (request) => {
    await replies.deleteCategory(spaceOf(request), categoryParams.parse(request.params).categoryId);
    return { ok: true };
  });

  app.get(prefix, async (request) => replies.listReplies(spaceOf(request), searchQuery.parse(request.query)));
  app.post(prefix, async (request, reply) => reply.code(201).send(await replies.createReply(spaceOf(request), replyBody.parse(request.body), createdBy(request))));
  app.post(`${prefix}/bulk`, { bodyLimit: BULK_BODY_LIMIT }, async (request, reply) => {
    const result = await replies.bulkAdd(spaceOf(request), bulkBody.parse(request.body), createdBy(request));
    return sendBulk(reply, result);
  });
  app.patch(`${prefix}/:replyId`, async (request) => {
    const { replyId } = replyParams.parse(request.params);
    return replies.updateReply(spaceOf(request), replyId, replyBody.partial().parse(request.body));
  });
  app.delete(`${prefix}/:replyId`, async (request) => {
    await replies.deleteReply(spaceOf(request), replyParams.parse(request.params).replyId);
    return { ok: true };
  });
}

/** Bad lines: 400 with every line's number and reason, like the QA import. */
function sendBulk(reply: FastifyReply, result: BulkResult) {
  if (result.ok) return reply.code(201).send({ added: result.added });
  const message = `${result.errors.length} line(s) of the text have errors; nothing was added`;
  return reply.code(400).send({ error: { code: ErrorCodes.invalidParams, message }, lines: result.errors });
}

/** Console (behind authenticate + requireConsole): the shared categories and replies. */
export async function quickReplyRoutes(app: FastifyInstance, { services }: { services: Services }) {
  spaceRoutes(app, services, '/quick-replies', (request) => sharedSpace(request.caller!.app.sdkAppId));
}

/** Checked by the hook below for every workbench route. */
const memberOf = (request: FastifyRequest) => request.caller!.memberId!;

/** Workbench (behind authenticate + requireWorkbench): what the member may use, and their personal replies. */
export async function workbenchQuickReplyRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // The admin's UserSig passes requireWorkbench but is no member, so it has no quick replies of its own.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.caller?.memberId) return sendError(reply, 403, 'forbidden', 'Quick replies in the workbench belong to a member; log in as one');
  });
  app.get('/workbench/quick-replies', async (request) => {
    const appId = request.caller!.app.sdkAppId;
    return services.quickReplies.visibleTo(appId, memberOf(request), searchQuery.parse(request.query));
  });
  spaceRoutes(app, services, '/workbench/quick-replies/personal', (request) => personalSpace(request.caller!.app.sdkAppId, memberOf(request)));
}

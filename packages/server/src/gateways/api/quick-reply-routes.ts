import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { quickRepliesApi as Q, withErrors } from '@parley/protocol';
import { ErrorCodes } from '../../platform/errors.ts';
import { personalSpace, sharedSpace, type BulkResult, type ReplySpace } from '../../quick-replies/index.ts';
import type { Services } from '../../services.ts';
import { sendError } from './errors.ts';

// Quick replies (spec 01 §9): the console manages the shared ones (Settings > Workbench settings);
// the workbench lists what a member may use and manages that member's personal ones.

const tags = ['quick replies'];

/** 500 replies of 2,000 characters, up to 4 UTF-8 bytes each, with room for the JSON around them. */
const BULK_BODY_LIMIT = 5 * 1024 * 1024;

/** The same CRUD for a space: the app's shared replies (console) or the caller's personal ones (workbench). */
function spaceRoutes(fastify: FastifyInstance, services: Services, prefix: string, spaceOf: (request: FastifyRequest) => ReplySpace) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const replies = services.quickReplies;
  const createdBy = (request: FastifyRequest) => request.caller!.memberId ?? request.caller!.identifier;

  app.get(`${prefix}/categories`, { schema: { tags, response: withErrors({ 200: Q.categoryList }) } }, async (request) => ({ items: await replies.listCategories(spaceOf(request)) }));
  app.post(`${prefix}/categories`, { schema: { tags, body: Q.categoryBody, response: withErrors({ 201: Q.category }) } }, async (request, reply) =>
    reply.code(201).send(await replies.createCategory(spaceOf(request), request.body)),
  );
  app.patch(`${prefix}/categories/:categoryId`, { schema: { tags, params: Q.categoryParams, body: Q.categoryPatch, response: withErrors({ 200: Q.category }) } }, async (request) => {
    return replies.updateCategory(spaceOf(request), request.params.categoryId, request.body);
  });
  app.delete(`${prefix}/categories/:categoryId`, { schema: { tags, params: Q.categoryParams, response: withErrors({ 200: Q.ok }) } }, async (request) => {
    await replies.deleteCategory(spaceOf(request), request.params.categoryId);
    return { ok: true as const };
  });

  app.get(prefix, { schema: { tags, querystring: Q.searchQuery, response: withErrors({ 200: Q.replyPage }) } }, async (request) => replies.listReplies(spaceOf(request), request.query));
  app.post(prefix, { schema: { tags, body: Q.replyBody, response: withErrors({ 201: Q.reply }) } }, async (request, reply) =>
    reply.code(201).send(await replies.createReply(spaceOf(request), request.body, createdBy(request))),
  );
  app.post(`${prefix}/bulk`, { bodyLimit: BULK_BODY_LIMIT, schema: { tags, body: Q.bulkBody, response: withErrors({ 201: Q.bulkAdded }) } }, async (request, reply) => {
    return sendBulk(reply, await replies.bulkAdd(spaceOf(request), request.body, createdBy(request)));
  });
  app.patch(`${prefix}/:replyId`, { schema: { tags, params: Q.replyParams, body: Q.replyPatch, response: withErrors({ 200: Q.reply }) } }, async (request) => {
    return replies.updateReply(spaceOf(request), request.params.replyId, request.body);
  });
  app.delete(`${prefix}/:replyId`, { schema: { tags, params: Q.replyParams, response: withErrors({ 200: Q.ok }) } }, async (request) => {
    await replies.deleteReply(spaceOf(request), request.params.replyId);
    return { ok: true as const };
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
  app.addHook('preValidation', async (request, reply) => {
    if (!request.caller?.memberId) return sendError(reply, 403, 'forbidden', 'Quick replies in the workbench belong to a member; log in as one');
  });
  app.withTypeProvider<ZodTypeProvider>().get('/workbench/quick-replies', { schema: { tags, querystring: Q.searchQuery, response: withErrors({ 200: Q.visibleReplies }) } }, async (request) => {
    return services.quickReplies.visibleTo(request.caller!.app.sdkAppId, memberOf(request), request.query);
  });
  spaceRoutes(app, services, '/workbench/quick-replies/personal', (request) => personalSpace(request.caller!.app.sdkAppId, memberOf(request)));
}

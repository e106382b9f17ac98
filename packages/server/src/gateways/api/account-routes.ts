import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountsApi as A, withErrors } from '@parley/protocol';
import type { Account, AccountPatch, NewAccount } from '../../accounts/index.ts';
import { notFound } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';

// Console: customer-service accounts (spec 05 §2.0) in Parley's own field names, one AccountService call
// per route. The service checks values as it does for add_im_agent / update_im_agent (lengths, zones,
// ranges, bound robot's languages); the schemas (packages/protocol/src/api/accounts.ts) check shapes
// only. Registered behind authenticate + requireConsole.

const tags = ['accounts'];
const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;
const { account, accountPage, listQuery, accountParams: params, ok } = A;

function accountOut(a: Account) {
  return { ...a, multilingual: a.multilingual as Record<string, Record<string, string>>, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

export async function accountRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { accounts } = services;

  app.get('/accounts', { schema: { tags, querystring: listQuery, response: withErrors({ 200: accountPage }) } }, async (request) => {
    const { q, page, pageSize } = request.query;
    const needle = q?.toLowerCase();
    const all = (await accounts.list(appIdOf(request))).filter((a) => !needle || a.accountId.toLowerCase().includes(needle) || a.nick.toLowerCase().includes(needle));
    return { items: all.slice((page - 1) * pageSize, page * pageSize).map(accountOut), total: all.length, page, pageSize };
  });
  app.get('/accounts/:accountId', { schema: { tags, params, response: withErrors({ 200: account }) } }, async (request) => {
    const found = await accounts.getAccount(appIdOf(request), request.params.accountId);
    if (!found) throw notFound(`Customer-service account ${request.params.accountId} does not exist in this app`);
    return accountOut(found);
  });
  app.post('/accounts', { schema: { tags, body: A.addAccountBody, response: withErrors({ 201: account }) } }, async (request, reply) => {
    const accountId = await accounts.create(request.caller!.app, request.body as NewAccount);
    return reply.code(201).send(accountOut((await accounts.getAccount(appIdOf(request), accountId))!));
  });
  app.patch('/accounts/:accountId', { schema: { tags, params, body: A.accountPatchBody, response: withErrors({ 200: account }) } }, async (request) => {
    const { expectedRevision, ...patch } = request.body;
    const updated = await accounts.update(appIdOf(request), request.params.accountId, patch as AccountPatch, { expectedRevision });
    return accountOut((await accounts.getAccount(appIdOf(request), updated.accountId))!);
  });
  app.delete('/accounts/:accountId', { schema: { tags, params, response: withErrors({ 200: ok }) } }, async (request) => {
    await accounts.delete(appIdOf(request), request.params.accountId);
    return { ok: true as const };
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '@parley/protocol';
import { z } from 'zod';
import { ASSIGNMENT_STRATEGIES, PROMPTS, WEEKDAYS, WORK_TIME_MODES, type Account, type AccountPatch, type NewAccount } from '../../accounts/index.ts';
import { notFound } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';

// Console: customer-service accounts (spec 05 §2.0) in Parley's own field names, one AccountService call
// per route. The service checks values as it does for add_im_agent / update_im_agent (lengths, zones,
// ranges, bound robot's languages); the schemas here check shapes only. Registered behind authenticate +
// requireConsole. (Schemas local to this file until the /api contract in @parley/protocol takes them.)

const tags = ['accounts'];
const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;

const range = z.strictObject({ start: z.string(), end: z.string() });
const workTime = z.strictObject({
  mode: z.enum(WORK_TIME_MODES).optional(),
  timeZone: z.string().optional(),
  periods: z.array(z.strictObject({ day: z.enum(WEEKDAYS), ranges: z.array(range) })).optional(),
});
const prompts = Object.fromEntries(PROMPTS.map((p) => [p, z.string().optional()])) as Record<(typeof PROMPTS)[number], z.ZodOptional<z.ZodString>>;
const languageMap = z.record(z.string().max(20), z.string());
const accountFields = {
  nick: z.string().optional(),
  avatarUrl: z.string().optional(),
  chatbotDisabled: z.boolean().optional(),
  agentGroupId: z.number().int().optional(),
  userTimeout: z.number().int().optional(),
  workTime: workTime.optional(),
  assignmentStrategy: z.enum(ASSIGNMENT_STRATEGIES).optional(),
  displayGroupsChoices: z.array(z.number().int()).optional(),
  assignedByWebhookUrl: z.string().optional(),
  robotId: z.string().optional(),
  /** Prompt → language → text; a prompt's map replaces its languages. */
  multilingual: z.partialRecord(z.enum(PROMPTS), languageMap).optional(),
  ...prompts,
};
/** Fields left out take the default account's values (as add_im_agent's optional fields do). */
export const addAccountBody = z.strictObject({ accountId: z.string().optional(), ...accountFields, nick: z.string() });
export const accountPatchBody = z.strictObject(accountFields);

const account = z.object({
  accountId: z.string(),
  isDefault: z.boolean(),
  nick: z.string(),
  avatarUrl: z.string(),
  chatbotDisabled: z.boolean(),
  agentGroupId: z.number(),
  userTimeout: z.number(),
  workTime: z.object({ mode: z.enum(WORK_TIME_MODES), timeZone: z.string(), periods: z.array(z.object({ day: z.string(), ranges: z.array(z.object({ start: z.string(), end: z.string() })) })) }),
  assignmentStrategy: z.enum(ASSIGNMENT_STRATEGIES),
  displayGroupsChoices: z.array(z.number()),
  assignedByWebhookUrl: z.string(),
  robotId: z.string(),
  multilingual: z.record(z.string(), z.record(z.string(), z.string())),
  ...(Object.fromEntries(PROMPTS.map((p) => [p, z.string()])) as Record<(typeof PROMPTS)[number], z.ZodString>),
  publicKey: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const accountPage = z.object({ items: z.array(account), total: z.number(), page: z.number(), pageSize: z.number() });
const listQuery = z.object({ q: z.string().trim().max(64).optional(), page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) });
const params = z.object({ accountId: z.string().min(1).max(128) });
const ok = z.object({ ok: z.literal(true) });

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
  app.post('/accounts', { schema: { tags, body: addAccountBody, response: withErrors({ 201: account }) } }, async (request, reply) => {
    const accountId = await accounts.create(request.caller!.app, request.body as NewAccount);
    return reply.code(201).send(accountOut((await accounts.getAccount(appIdOf(request), accountId))!));
  });
  app.patch('/accounts/:accountId', { schema: { tags, params, body: accountPatchBody, response: withErrors({ 200: account }) } }, async (request) => {
    const updated = await accounts.update(appIdOf(request), request.params.accountId, request.body as AccountPatch);
    return accountOut((await accounts.getAccount(appIdOf(request), updated.accountId))!);
  });
  app.delete('/accounts/:accountId', { schema: { tags, params, response: withErrors({ 200: ok }) } }, async (request) => {
    await accounts.delete(appIdOf(request), request.params.accountId);
    return { ok: true as const };
  });
}

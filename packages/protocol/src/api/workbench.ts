import { z } from 'zod';
import { INT_MAX, looseObject, timestamp } from './common.ts';

export { ok } from './common.ts';

// The agent workbench (spec 03 §1): status, session lists and actions, proactive contact, the
// transfer dialog's agents, internal chat, uploads.

/** Agent statuses (spec 01 §10.4): idle 示闲, busy 示忙, rest 小休 (with a reason), offline 下线. */
export const AGENT_STATUSES = ['idle', 'busy', 'rest', 'offline'] as const;
export const SESSION_VIEWS = ['mine', 'queue', 'history'] as const;
/** 小休原因 length (spec 03 WB-ST-04). */
export const REST_REASON_MAX = 50;
export const MESSAGES_PAGE_MAX = 200;
export const INTERNAL_PAGE_MAX = 100;
export const SESSION_STATES = ['Chatbot', 'Queueing', 'WaitingForAgentAnswering', 'Agent', 'Ended'] as const;

const memberIdRule = z.string().trim().toLowerCase().min(1).max(254);
const groupId = z.number().int().positive().max(INT_MAX);
const paging = (defaultSize: number) => ({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(defaultSize),
});

export const sessionParams = z.object({ sessionId: z.string().min(1).max(128) });
export const memberParams = z.object({ memberId: memberIdRule });

export const sessionsQuery = z.object({ view: z.enum(SESSION_VIEWS).default('mine'), q: z.string().trim().max(100).optional(), ...paging(20) });
export const historyQuery = z.object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(MESSAGES_PAGE_MAX).default(50) });
// `before` is an internal message's id (a PostgreSQL integer).
export const internalHistoryQuery = z.object({ before: z.coerce.number().int().min(1).max(INT_MAX).optional(), limit: z.coerce.number().int().min(1).max(INTERNAL_PAGE_MAX).default(50) });
export const threadsQuery = z.object(paging(20));
export const statusHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
export const agentsQuery = z.object({ q: z.string().trim().max(100).optional(), groupId: z.coerce.number().int().positive().max(INT_MAX).optional() });

export const statusBody = z.strictObject({
  status: z.enum(AGENT_STATUSES),
  /** 小休原因: free text (spec 03 WB-ST-04). */
  reason: z.string().trim().max(REST_REASON_MAX, `reason must be at most ${REST_REASON_MAX} characters`).optional(),
});
export const sendBody = z.strictObject({
  /** The client's id for this message: sending again with the same value does not send twice. */
  msgRandom: z.union([z.string().trim().min(1).max(64), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]),
  body: z.unknown(),
  cloudCustomData: z.string().max(8192).optional(),
});
export const transferBody = z
  .strictObject({ memberId: memberIdRule.optional(), groupId: groupId.optional() })
  .refine((t) => (t.memberId === undefined) !== (t.groupId === undefined), 'send memberId (a member) or groupId (a group), not both');
export const markBody = z
  .strictObject({ mark: z.string().optional(), starred: z.boolean().optional(), userTimeoutEnabled: z.boolean().optional() })
  .refine((m) => m.mark !== undefined || m.starred !== undefined || m.userTimeoutEnabled !== undefined, 'send at least one of mark, starred, userTimeoutEnabled');
export const contactBody = z.strictObject({ accountId: z.string().trim().min(1).max(128).optional(), userId: z.string().trim().min(1).max(128), groupId: groupId.optional() });
export const internalBody = z.strictObject({ body: z.unknown() });

export const statusView = z.object({
  memberId: z.string(),
  status: z.enum(AGENT_STATUSES),
  restReason: z.string(),
  statusSince: timestamp.nullable(),
  load: z.number(),
  lastSeenAt: timestamp.nullable(),
});
export const statusHistory = z.object({
  items: z.array(z.object({ status: z.enum(AGENT_STATUSES), reason: z.string(), changedBy: z.string(), startedAt: timestamp, endedAt: timestamp.nullable() })),
});
/** What session actions answer: the session's state after them. */
export const sessionView = z.object({
  sessionId: z.string(),
  state: z.enum(SESSION_STATES),
  agentId: z.string(),
  suspended: z.boolean(),
  mark: z.string(),
  starred: z.boolean(),
  userTimeoutEnabled: z.boolean(),
  endStatus: z.string().nullable(),
});
export type SessionView = z.input<typeof sessionView>;
/** Session rows and infos: their fields are described by SessionItem in @parley/protocol (types). */
export const sessionPage = looseObject({ items: z.array(looseObject({ sessionId: z.string() })), total: z.number(), page: z.number(), pageSize: z.number() });
export const sessionInfo = looseObject({ session: looseObject({ sessionId: z.string() }) });
export const historyPage = looseObject({ messages: z.array(looseObject({ msgKey: z.string() })), more: z.boolean() });
export const sendAck = looseObject({ msgKey: z.string() });
export const contactResponse = looseObject({ sessionId: z.string() });
export const agentList = z.object({ items: z.array(looseObject({ memberId: z.string() })) });
/** A message between two members (员工内部会话). */
export const internalMessage = looseObject({ id: z.number(), threadId: z.string(), from: z.string(), to: z.string(), body: z.array(z.unknown()), at: timestamp });
export const threadPage = z.object({
  items: z.array(z.object({ threadId: z.string(), member: looseObject({ memberId: z.string(), nick: z.string() }), lastMessage: internalMessage })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const internalPage = z.object({ messages: z.array(internalMessage), more: z.boolean() });

export const uploadQuery = z.object({ kind: z.enum(['image', 'file']) });
export const uploadResponse = looseObject({ fileId: z.string(), url: z.string(), kind: z.enum(['image', 'file']), contentType: z.string(), name: z.string(), size: z.number() });
export const fileParams = z.object({ fileId: z.string() });
export const fileBody = z.string().meta({ format: 'binary' });

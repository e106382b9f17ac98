import { z } from 'zod';
import { INT_MAX, looseObject, timestamp } from './common.ts';

export { ok } from './common.ts';

// Quick replies (spec 01 §9): the console's shared ones and a member's personal ones.

/** Field rules (spec 01 §9 leaves lengths unspecified; these are Parley's). */
export const QUICK_REPLY_LIMITS = {
  categoryName: 30,
  title: 50,
  content: 2000,
  /** Replies per bulk-add call. */
  bulk: 500,
  /** Groups or members one category may list. */
  scopeIds: 1000,
  search: 100,
  pageSize: 100,
  sortMax: 1_000_000,
} as const;
export const QUICK_REPLY_SCOPES = ['all', 'groups', 'members', 'personal'] as const;

const id = z.coerce.number().int().positive().max(INT_MAX);
export const categoryParams = z.object({ categoryId: id });
export const replyParams = z.object({ replyId: id });

export const categoryBody = z.strictObject({
  name: z.string(),
  scope: z.enum(QUICK_REPLY_SCOPES).optional(),
  scopeIds: z.array(z.union([z.number(), z.string()])).optional(),
  sort: z.number().optional(),
});
export const categoryPatch = categoryBody.partial();
export const replyBody = z.strictObject({ categoryId: z.number().int(), title: z.string(), content: z.string() });
export const replyPatch = replyBody.partial();
export const bulkBody = z.strictObject({ categoryId: z.number().int(), text: z.string(), format: z.enum(['lines', 'csv']).optional() });
export const searchQuery = z.object({
  q: z.string().optional(),
  categoryId: id.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(QUICK_REPLY_LIMITS.pageSize).default(20),
});

export const category = z.object({
  categoryId: z.number(),
  name: z.string(),
  scope: z.enum(QUICK_REPLY_SCOPES),
  scopeIds: z.array(z.union([z.number(), z.string()])),
  sort: z.number(),
  replyCount: z.number(),
});
export const categoryList = z.object({ items: z.array(category) });
export const reply = z.object({ replyId: z.number(), categoryId: z.number(), title: z.string(), content: z.string(), createdBy: z.string(), updatedAt: timestamp });
export const replyPage = looseObject({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(reply) });
/** What the workbench shows a member: the categories open to them, and one page of their replies. */
export const visibleReplies = z.object({
  categories: z.array(z.object({ categoryId: z.number(), name: z.string(), personal: z.boolean(), sort: z.number() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(reply),
});
export const bulkAdded = z.object({ added: z.number() });

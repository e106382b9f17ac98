import { and, asc, count, eq, ilike, inArray, max, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { parseBulkText, type BulkFormat, type LineError } from './bulk-text.ts';
import { QUICK_REPLY_LIMITS as L } from '@parley/protocol';
import { assertPage, assertSort, assertText, searchPattern, type PageQuery } from './rules.ts';
import { quickReplies, quickReplyCategories, type QuickReplyScope } from './schema.ts';
import { checkedScopeIds, groupsOfMember, includesMember, SHARED_SCOPES, type SharedScope } from './scope.ts';

/**
 * Whose quick replies an operation works on: the app's shared ones (`ownerId` '', managed in the
 * console) or one member's personal ones (`ownerId` = the member, managed in the workbench). Each
 * side sees the other's categories and replies as unknown.
 */
export interface ReplySpace {
  appId: number;
  ownerId: string;
}

export const sharedSpace = (appId: number): ReplySpace => ({ appId, ownerId: '' });

export function personalSpace(appId: number, memberId: string): ReplySpace {
  if (!memberId) throw invalid('A personal quick reply needs a member');
  return { appId, ownerId: memberId };
}

export interface CategoryInput {
  name: string;
  /** Shared categories: all, groups or members. Personal ones are always `personal`. */
  scope?: QuickReplyScope;
  scopeIds?: Array<number | string>;
  sort?: number;
}

export interface ReplyInput {
  categoryId: number;
  title: string;
  content: string;
}

export interface ReplySearch extends PageQuery {
  q?: string;
  categoryId?: number;
}

type CategoryRow = typeof quickReplyCategories.$inferSelect;
type ReplyRow = typeof quickReplies.$inferSelect;

export interface CategoryView {
  categoryId: number;
  name: string;
  scope: QuickReplyScope;
  scopeIds: Array<number | string>;
  sort: number;
  replyCount: number;
}

export interface ReplyView {
  replyId: number;
  categoryId: number;
  title: string;
  content: string;
  createdBy: string;
  updatedAt: Date;
}

/** What the workbench shows a member: the categories open to them, and one page of their replies. */
export interface VisibleReplies {
  categories: Array<{ categoryId: number; name: string; personal: boolean; sort: number }>;
  total: number;
  page: number;
  pageSize: number;
  items: ReplyView[];
}

export type BulkResult = { ok: true; added: number } | { ok: false; errors: LineError[] };

const replyView = (r: ReplyRow): ReplyView => ({
  replyId: r.replyId,
  categoryId: r.categoryId,
  title: r.title,
  content: r.content,
  createdBy: r.createdBy,
  updatedAt: r.updatedAt,
});

const categoryView = (c: CategoryRow, replyCount: number): CategoryView => ({
  categoryId: c.categoryId,
  name: c.name,
  scope: c.scope,
  scopeIds: c.scopeIds,
  sort: c.sort,
  replyCount,
});

/** Shared categories first, then personal ones: each side numbers its own `sort`. */
const ORDER_CATEGORIES = [asc(sql`${quickReplyCategories.ownerId} <> ''`), asc(quickReplyCategories.sort), asc(quickReplyCategories.categoryId)];
/** Any constant: the first half of the advisory-lock key that serialises one space's category writes. */
const CATEGORY_LOCK = 0x5152; // "QR"

/** Quick replies (快捷回复, spec 01 §9): categories with a usage scope, and their replies. */
export class QuickReplyService {
  constructor(
    private db: Db,
    private clock: Clock,
  ) {}

  // ---- categories

  async listCategories(space: ReplySpace): Promise<CategoryView[]> {
    const rows = await this.db
      .select()
      .from(quickReplyCategories)
      .where(this.inSpace(space))
      .orderBy(...ORDER_CATEGORIES);
    const counts = await this.replyCounts(
      space.appId,
      rows.map((c) => c.categoryId),
    );
    return rows.map((c) => categoryView(c, counts.get(c.categoryId) ?? 0));
  }

  async createCategory(space: ReplySpace, input: CategoryInput): Promise<CategoryView> {
    const name = this.checkedName(input.name);
    if (input.sort !== undefined) assertSort(input.sort);
    const scope = this.scopeFor(space, input.scope);
    if (scope === 'personal' && input.scopeIds?.length) throw invalid('scopeIds must be empty for a personal category');
    return this.db.transaction(async (tx) => {
      await this.lockSpace(tx, space);
      const scopeIds = scope === 'personal' ? [] : await checkedScopeIds(tx, space.appId, scope, input.scopeIds);
      await this.assertNameFree(tx, space, name);
      const sort = input.sort ?? (await this.nextSort(tx, space));
      const [row] = await tx.insert(quickReplyCategories).values({ appId: space.appId, name, scope, scopeIds, ownerId: space.ownerId, sort, createdAt: this.clock.now() }).returning();
      return categoryView(row, 0);
    });
  }

  /** Changes the given fields. A new groups/members scope needs its scopeIds; `all` clears them. */
  async updateCategory(space: ReplySpace, categoryId: number, patch: Partial<CategoryInput>): Promise<CategoryView> {
    const name = patch.name === undefined ? undefined : this.checkedName(patch.name);
    if (patch.sort !== undefined) assertSort(patch.sort);
    return this.db.transaction(async (tx) => {
      await this.lockSpace(tx, space);
      const current = await this.category(tx, space, categoryId);
      const scope = patch.scope === undefined ? current.scope : this.scopeFor(space, patch.scope);
      let scopeIds = current.scopeIds;
      if (scope !== 'personal' && (patch.scopeIds !== undefined || scope !== current.scope)) {
        scopeIds = await checkedScopeIds(tx, space.appId, scope, patch.scopeIds);
      } else if (scope === 'personal' && patch.scopeIds?.length) {
        throw invalid('scopeIds must be empty for a personal category');
      }
      if (name !== undefined && name.toLowerCase() !== current.name.toLowerCase()) await this.assertNameFree(tx, space, name);
      const [row] = await tx
        .update(quickReplyCategories)
        .set({ name: name ?? current.name, scope, scopeIds, sort: patch.sort ?? current.sort })
        .where(eq(quickReplyCategories.categoryId, current.categoryId))
        .returning();
      const counts = await this.replyCounts(space.appId, [row.categoryId], tx);
      return categoryView(row, counts.get(row.categoryId) ?? 0);
    });
  }

  /** Deletes the category and every reply in it. */
  async deleteCategory(space: ReplySpace, categoryId: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.category(tx, space, categoryId, 'update');
      await tx.delete(quickReplies).where(and(eq(quickReplies.appId, space.appId), eq(quickReplies.categoryId, current.categoryId)));
      await tx.delete(quickReplyCategories).where(eq(quickReplyCategories.categoryId, current.categoryId));
    });
  }

  // ---- replies

  async listReplies(space: ReplySpace, search: ReplySearch): Promise<{ total: number; page: number; pageSize: number; items: ReplyView[] }> {
    assertPage(search);
    const pattern = searchPattern(search.q);
    if (search.categoryId !== undefined) await this.category(this.db, space, search.categoryId);
    const where = and(eq(quickReplies.appId, space.appId), this.inSpace(space), search.categoryId === undefined ? undefined : eq(quickReplies.categoryId, search.categoryId), matching(pattern));
    return this.page(where, search);
  }

  async createReply(space: ReplySpace, input: ReplyInput, createdBy: string): Promise<ReplyView> {
    const fields = checkedReply(input, true);
    return this.db.transaction(async (tx) => {
      await this.category(tx, space, input.categoryId, 'share');
      const [row] = await tx
        .insert(quickReplies)
        .values({ appId: space.appId, categoryId: input.categoryId, title: fields.title!, content: fields.content!, createdBy, updatedAt: this.clock.now() })
        .returning();
      return replyView(row);
    });
  }

  async updateReply(space: ReplySpace, replyId: number, patch: Partial<ReplyInput>): Promise<ReplyView> {
    const fields = checkedReply(patch, false);
    return this.db.transaction(async (tx) => {
      const current = await this.reply(tx, space, replyId);
      if (patch.categoryId !== undefined && patch.categoryId !== current.categoryId) await this.category(tx, space, patch.categoryId, 'share');
      const [row] = await tx
        .update(quickReplies)
        .set({ ...fields, categoryId: patch.categoryId ?? current.categoryId, updatedAt: this.clock.now() })
        .where(eq(quickReplies.replyId, current.replyId))
        .returning();
      return replyView(row);
    });
  }

  async deleteReply(space: ReplySpace, replyId: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.reply(tx, space, replyId);
      await tx.delete(quickReplies).where(eq(quickReplies.replyId, current.replyId));
    });
  }

  /** All or nothing: any bad line and nothing is written; the errors name every bad line. */
  async bulkAdd(space: ReplySpace, input: { categoryId: number; text: string; format?: BulkFormat }, createdBy: string): Promise<BulkResult> {
    if (typeof input.text !== 'string') throw invalid('text must be a string');
    const { entries, errors } = parseBulkText(input.text, input.format);
    const lines = entries.length + errors.length;
    if (lines > L.bulk) throw invalid(`Bulk add takes at most ${L.bulk} replies per call; the text has ${lines}`);
    if (lines === 0) throw invalid('text holds no replies: write one per line as title<TAB>content, title|content or title,content');
    if (errors.length) return { ok: false, errors };
    return this.db.transaction(async (tx) => {
      await this.category(tx, space, input.categoryId, 'share');
      const updatedAt = this.clock.now();
      await tx.insert(quickReplies).values(entries.map((e) => ({ appId: space.appId, categoryId: input.categoryId, title: e.title, content: e.content, createdBy, updatedAt })));
      return { ok: true, added: entries.length };
    });
  }

  // ---- the workbench

  /**
   * The quick replies a member may use: categories for all members, for a group they belong to,
   * listing them, or their own personal ones; replies searched by title or content and paged.
   */
  async visibleTo(appId: number, memberId: string, search: ReplySearch): Promise<VisibleReplies> {
    if (!memberId) throw invalid('A member is required');
    assertPage(search);
    const pattern = searchPattern(search.q);
    const groups = await groupsOfMember(this.db, appId, memberId);
    const candidates = await this.db
      .select()
      .from(quickReplyCategories)
      .where(and(eq(quickReplyCategories.appId, appId), or(ne(quickReplyCategories.scope, 'personal'), eq(quickReplyCategories.ownerId, memberId))))
      .orderBy(...ORDER_CATEGORIES);
    const visible = candidates.filter((c) => includesMember(c, memberId, groups));
    if (search.categoryId !== undefined && !visible.some((c) => c.categoryId === search.categoryId)) {
      throw notFound(`Quick-reply category ${search.categoryId} does not exist or is not open to you`);
    }
    const categoryIds = search.categoryId === undefined ? visible.map((c) => c.categoryId) : [search.categoryId];
    const replies = categoryIds.length
      ? await this.page(and(eq(quickReplies.appId, appId), inArray(quickReplies.categoryId, categoryIds), matching(pattern)), search)
      : { total: 0, page: search.page, pageSize: search.pageSize, items: [] };
    return {
      categories: visible.map((c) => ({ categoryId: c.categoryId, name: c.name, personal: c.scope === 'personal', sort: c.sort })),
      ...replies,
    };
  }

  // ---- helpers

  /** Replies in category order, then oldest first. */
  private async page(where: SQL | undefined, { page, pageSize }: PageQuery) {
    const joined = eq(quickReplyCategories.categoryId, quickReplies.categoryId);
    const [{ total }] = await this.db.select({ total: count() }).from(quickReplies).innerJoin(quickReplyCategories, joined).where(where);
    const rows = await this.db
      .select({ reply: quickReplies })
      .from(quickReplies)
      .innerJoin(quickReplyCategories, joined)
      .where(where)
      .orderBy(...ORDER_CATEGORIES, asc(quickReplies.replyId))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    return { total, page, pageSize, items: rows.map((r) => replyView(r.reply)) };
  }

  private inSpace(space: ReplySpace): SQL {
    return and(eq(quickReplyCategories.appId, space.appId), eq(quickReplyCategories.ownerId, space.ownerId))!;
  }

  private async category(db: DbOrTx, space: ReplySpace, categoryId: number, lock?: 'update' | 'share'): Promise<CategoryRow> {
    if (!Number.isInteger(categoryId)) throw invalid('categoryId must be an integer');
    const query = db
      .select()
      .from(quickReplyCategories)
      .where(and(this.inSpace(space), eq(quickReplyCategories.categoryId, categoryId)));
    const [row] = lock ? await query.for(lock) : await query;
    if (!row) throw notFound(`Quick-reply category ${categoryId} does not exist${space.ownerId ? ' among your personal categories' : ' in this app'}`);
    return row;
  }

  /** The reply, locked, if its category is in the space. */
  private async reply(tx: DbOrTx, space: ReplySpace, replyId: number): Promise<ReplyRow> {
    if (!Number.isInteger(replyId)) throw invalid('replyId must be an integer');
    const [row] = await tx
      .select({ reply: quickReplies })
      .from(quickReplies)
      .innerJoin(quickReplyCategories, eq(quickReplyCategories.categoryId, quickReplies.categoryId))
      .where(and(eq(quickReplies.appId, space.appId), eq(quickReplies.replyId, replyId), this.inSpace(space)))
      .for('update', { of: quickReplies });
    if (!row) throw notFound(`Quick reply ${replyId} does not exist${space.ownerId ? ' among your personal replies' : ' in this app'}`);
    return row.reply;
  }

  private async replyCounts(appId: number, categoryIds: number[], db: DbOrTx = this.db): Promise<Map<number, number>> {
    if (!categoryIds.length) return new Map();
    const rows = await db
      .select({ categoryId: quickReplies.categoryId, n: count() })
      .from(quickReplies)
      .where(and(eq(quickReplies.appId, appId), inArray(quickReplies.categoryId, categoryIds)))
      .groupBy(quickReplies.categoryId);
    return new Map(rows.map((r) => [r.categoryId, r.n]));
  }

  private checkedName(name: unknown): string {
    assertText('name', name, L.categoryName);
    return (name as string).trim();
  }

  /** The console makes shared categories; a member's are always personal. */
  private scopeFor(space: ReplySpace, scope: QuickReplyScope | undefined): QuickReplyScope {
    if (space.ownerId) {
      if (scope !== undefined && scope !== 'personal') throw invalid('A personal category has scope personal; shared categories are made in the console');
      return 'personal';
    }
    if (!SHARED_SCOPES.includes(scope as SharedScope)) {
      throw invalid(`scope must be ${SHARED_SCOPES.join(', ')}${scope === 'personal' ? '; members make personal categories in the workbench' : ''}`);
    }
    return scope as SharedScope;
  }

  /** Serialises category writes of one space, so the name check and sort order hold under concurrency. */
  private async lockSpace(tx: DbOrTx, space: ReplySpace): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CATEGORY_LOCK}, hashtext(${`${space.appId}:${space.ownerId}`}))`);
  }

  /** Names are unique within a space (the app's shared categories, or one member's), ignoring case. */
  private async assertNameFree(tx: DbOrTx, space: ReplySpace, name: string): Promise<void> {
    const [taken] = await tx
      .select({ id: quickReplyCategories.categoryId })
      .from(quickReplyCategories)
      .where(and(this.inSpace(space), sql`lower(${quickReplyCategories.name}) = lower(${name})`));
    if (taken) throw invalid(`A quick-reply category named "${name}" already exists`);
  }

  private async nextSort(tx: DbOrTx, space: ReplySpace): Promise<number> {
    const [{ last }] = await tx
      .select({ last: max(quickReplyCategories.sort) })
      .from(quickReplyCategories)
      .where(this.inSpace(space));
    return Math.min((last ?? -1) + 1, L.sortMax);
  }
}

/** Titles and contents are stored trimmed; `required` for a new reply. */
function checkedReply(input: Partial<ReplyInput>, required: boolean): { title?: string; content?: string } {
  const fields: { title?: string; content?: string } = {};
  for (const [field, max] of [
    ['title', L.title],
    ['content', L.content],
  ] as const) {
    const value = input[field];
    if (value === undefined && !required) continue;
    const trimmed = typeof value === 'string' ? value.trim() : value;
    assertText(field, trimmed, max);
    fields[field] = trimmed as string;
  }
  return fields;
}

/** Title or content contains the term, ignoring case. */
function matching(pattern: string | undefined): SQL | undefined {
  return pattern ? or(ilike(quickReplies.title, pattern), ilike(quickReplies.content, pattern)) : undefined;
}

import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, assertRevision, ErrorCodes, invalid } from '../platform/errors.ts';
import type { ChangeSet } from './changes.ts';
import { envsOf, type KnowledgeContext, type RobotScope, type WriteTarget } from './context.ts';
import { newQuestionId, nextCategoryIds, nextQuestionSeqs } from './ids.ts';
import { KB_LIMITS } from './limits.ts';
import { cleanAnswer, cleanAnswerType, cleanQuestion, cleanSimilar, cleanTitle, STATUS } from './library-validation.ts';
import { kbCategories, kbQuestions, type Env, type Library } from './schema.ts';
import { MENU } from './seed-libraries.ts';

export type Category = typeof kbCategories.$inferSelect;
export type Question = typeof kbQuestions.$inferSelect;

export interface NewQuestion {
  categoryId: number;
  question: string;
  answer: string;
  answerType?: number;
  similar?: string[];
  languageTag?: string;
  status?: 4 | 5;
}

export interface QuestionPatch {
  question?: string;
  answer?: string;
  answerType?: number;
  categoryId?: number;
}

/** A patch plus, optionally, the new list of similar questions (which replaces the old one). */
export interface QuestionEdit extends QuestionPatch {
  similar?: string[];
  /** The question's `updatedAt` as the editor loaded it; stale: refused with EditConflictError. */
  expectedRevision?: string;
}

export interface QuestionQuery {
  pageIndex: number;
  pageSize: number;
  keyword?: string;
  categoryId?: number;
  status?: number;
  /** Omitted: default language ('') only (K17). Small talk has no languages. */
  languageTag?: string;
  order?: 'asc' | 'desc';
}

/** Bulk writes of at least this many rows refresh planner statistics (PGlite has no autovacuum). */
const ANALYZE_AFTER_ROWS = 200;
const COUNT_CACHE_SIZE = 1000;

export interface QuestionPage {
  total: number;
  totalWithSimilar: number;
  items: Question[];
}

const presetError = (what: string) => new AppError(ErrorCodes.presetCategory, `${what} is a system preset and cannot be deleted or renamed`);
const missing = (what: string) => new AppError(ErrorCodes.resourceInvalid, `${what} does not exist`, 404);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Categories and questions of the QA library and the small-talk library. */
export class LibraryService {
  /** Page totals by filter and robot revision: counting a large library on every page is the cost of a list. */
  private countCache = new Map<string, { total: number; withSimilar: number }>();

  constructor(private ctx: KnowledgeContext) {}

  // ---- categories --------------------------------------------------------------------------

  async listCategories(scope: RobotScope, env: Env, library: Library): Promise<Category[]> {
    await this.ctx.requireRobot(this.ctx.db, scope);
    return this.ctx.db
      .select()
      .from(kbCategories)
      .where(and(this.robotWhere(kbCategories, scope, env), eq(kbCategories.library, library)))
      .orderBy(asc(kbCategories.parentId), asc(kbCategories.sort), asc(kbCategories.categoryId));
  }

  async addCategory(scope: RobotScope, target: WriteTarget, library: Library, input: { title: string; parentId?: number }): Promise<number> {
    const title = cleanTitle(input.title);
    const parentId = input.parentId ?? 0;
    return this.ctx.write(scope, async (tx, changes) => {
      const [primary] = envsOf(target);
      if (parentId !== 0) {
        const parent = await this.findCategory(tx, scope, primary, library, parentId);
        if (!parent) throw invalid(`ParentId ${parentId} is not a category of this library`);
        if (parent.parentId !== 0) throw invalid('Only two category levels are supported');
        if (parent.menuType !== MENU.ordinary) throw invalid(`Category ${parentId} is a system category and cannot have custom sub-categories`);
      }
      const [categoryId] = await nextCategoryIds(tx, 1);
      const [{ maxSort }] = await tx
        .select({ maxSort: sql<number>`coalesce(max(${kbCategories.sort}), 0)` })
        .from(kbCategories)
        .where(and(this.robotWhere(kbCategories, scope, primary), eq(kbCategories.library, library), eq(kbCategories.parentId, parentId)));
      for (const env of envsOf(target)) {
        await tx.insert(kbCategories).values({ ...scope, env, library, categoryId, parentId, title, menuType: MENU.ordinary, sort: Number(maxSort) + 1 });
        await changes.touch(tx, env, [], target === 'test');
      }
      return categoryId;
    });
  }

  async renameCategory(scope: RobotScope, target: WriteTarget, library: Library, categoryId: number, title: string): Promise<void> {
    const clean = cleanTitle(title);
    await this.ctx.write(scope, async (tx, changes) => {
      await this.requireEditableCategory(tx, scope, envsOf(target)[0], library, categoryId);
      for (const env of envsOf(target)) {
        await tx
          .update(kbCategories)
          .set({ title: clean })
          .where(and(this.robotWhere(kbCategories, scope, env), eq(kbCategories.library, library), eq(kbCategories.categoryId, categoryId)));
        await changes.touch(tx, env, [], target === 'test');
      }
    });
  }

  /** Deletes a category, its sub-categories and every question in them (E04/E05). */
  async deleteCategory(scope: RobotScope, target: WriteTarget, library: Library, categoryId: number): Promise<void> {
    await this.ctx.write(scope, async (tx, changes) => {
      await this.requireEditableCategory(tx, scope, envsOf(target)[0], library, categoryId);
      for (const env of envsOf(target)) {
        const where = and(this.robotWhere(kbCategories, scope, env), eq(kbCategories.library, library));
        const doomed = await tx
          .select({ id: kbCategories.categoryId })
          .from(kbCategories)
          .where(and(where, or(eq(kbCategories.categoryId, categoryId), eq(kbCategories.parentId, categoryId))));
        const ids = doomed.map((d) => d.id);
        if (ids.length === 0) continue;
        const removed = await tx
          .delete(kbQuestions)
          .where(and(this.robotWhere(kbQuestions, scope, env), eq(kbQuestions.library, library), inArray(kbQuestions.categoryId, ids)))
          .returning({ id: kbQuestions.questionId });
        await tx.delete(kbCategories).where(and(where, inArray(kbCategories.categoryId, ids)));
        await changes.touch(
          tx,
          env,
          removed.map((r) => r.id),
          target === 'test',
        );
      }
    });
  }

  // ---- questions ---------------------------------------------------------------------------

  async addQuestion(scope: RobotScope, target: WriteTarget, library: Library, input: NewQuestion): Promise<string> {
    const [id] = await this.addQuestions(scope, target, library, [input]);
    return id;
  }

  /** Adds many questions atomically: all or none (bulk import uses this). */
  async addQuestions(scope: RobotScope, target: WriteTarget, library: Library, inputs: NewQuestion[]): Promise<string[]> {
    const rows = inputs.map((input) => {
      const answerType = cleanAnswerType(input.answerType);
      const question = cleanQuestion(input.question);
      return {
        categoryId: input.categoryId,
        question,
        answerType,
        answer: cleanAnswer(input.answer, answerType),
        similar: cleanSimilar(input.similar ?? [], question),
        languageTag: library === 'chitchat' ? '' : (input.languageTag ?? ''),
        status: input.status ?? STATUS.enabled,
      };
    });
    const ids = await this.ctx.write(scope, async (tx, changes) => {
      const [primary] = envsOf(target);
      for (const tag of new Set(rows.map((r) => r.languageTag))) await this.requireLanguage(tx, scope, tag);
      const categories = await this.categoryMap(tx, scope, primary, library);
      for (const row of rows) {
        if (!categories.has(row.categoryId)) throw invalid(`CategoryId ${row.categoryId} is not a category of this library`);
      }
      await this.rejectDuplicates(tx, scope, primary, library, rows);
      const ids = rows.map(() => newQuestionId(scope));
      const seqs = await nextQuestionSeqs(tx, rows.length);
      const now = this.ctx.clock.now();
      for (const env of envsOf(target)) {
        const envCategories =
          env === primary
            ? categories
            : await this.mirrorCategories(
                tx,
                scope,
                categories,
                env,
                library,
                rows.map((r) => r.categoryId),
              );
        const values = rows.map((row, i) => ({ ...scope, env, library, questionId: ids[i], seq: seqs[i], ...row, createdAt: now, updatedAt: now })).filter((v) => envCategories.has(v.categoryId));
        for (let i = 0; i < values.length; i += 500) await tx.insert(kbQuestions).values(values.slice(i, i + 500));
        await changes.touch(
          tx,
          env,
          values.map((v) => v.questionId),
          target === 'test',
        );
      }
      return ids;
    });
    if (rows.length >= ANALYZE_AFTER_ROWS) await this.ctx.db.execute(sql`ANALYZE kb_questions`);
    return ids;
  }

  async updateQuestion(scope: RobotScope, target: WriteTarget, library: Library, questionId: string, patch: QuestionPatch): Promise<void> {
    await this.ctx.write(scope, async (tx, changes) => {
      const [primary] = envsOf(target);
      const current = await this.requireQuestion(tx, scope, primary, library, questionId);
      const set = await this.patchedFields(tx, scope, primary, library, current, patch);
      await this.applyToEnvs(tx, changes, scope, target, library, questionId, set);
    });
  }

  /**
   * The console's edit of a question: its fields and, when given, the whole list of similar
   * questions. Everything is checked before anything is written, and it is written in one
   * transaction: a refused edit changes nothing. Answers the question as saved.
   */
  async editQuestion(scope: RobotScope, target: WriteTarget, library: Library, questionId: string, edit: QuestionEdit): Promise<Question> {
    const { similar, expectedRevision, ...patch } = edit;
    if (similar === undefined && Object.values(patch).every((value) => value === undefined)) return this.getQuestion(scope, envsOf(target)[0], library, questionId);
    if (similar && similar.length > KB_LIMITS.similarCount) throw invalid(`At most ${KB_LIMITS.similarCount} similar questions per question`);
    return this.ctx.write(scope, async (tx, changes) => {
      const [primary] = envsOf(target);
      const current = await this.requireQuestion(tx, scope, primary, library, questionId);
      assertRevision(expectedRevision, current.updatedAt, `Question ${questionId}`);
      const set = await this.patchedFields(tx, scope, primary, library, current, patch);
      if (similar) set.similar = cleanSimilar(similar, set.question ?? current.question);
      await this.applyToEnvs(tx, changes, scope, target, library, questionId, set);
      return this.requireQuestion(tx, scope, primary, library, questionId);
    });
  }

  /** The columns a patch changes, each checked; throws before anything is written. */
  private async patchedFields(tx: DbOrTx, scope: RobotScope, env: Env, library: Library, current: Question, patch: QuestionPatch): Promise<Partial<Question>> {
    const set: Partial<Question> = { updatedAt: this.ctx.clock.now() };
    // Empty strings mean "no change" (K5): `AnswerType` 0 is a real value, so only omission skips it.
    if (patch.question) set.question = cleanQuestion(patch.question);
    const answerType = patch.answerType === undefined ? (current.answerType as 0 | 2) : cleanAnswerType(patch.answerType);
    if (patch.answerType !== undefined) set.answerType = answerType;
    if (patch.answer) set.answer = cleanAnswer(patch.answer, answerType);
    else if (patch.answerType !== undefined) set.answer = cleanAnswer(current.answer, answerType);
    if (patch.categoryId !== undefined) {
      const categories = await this.categoryMap(tx, scope, env, library);
      if (!categories.has(patch.categoryId)) throw invalid(`CategoryId ${patch.categoryId} is not a category of this library`);
      set.categoryId = patch.categoryId;
    }
    if (set.question && set.question !== current.question) {
      await this.rejectDuplicates(tx, scope, env, library, [{ question: set.question, languageTag: current.languageTag }], current.questionId);
      set.similar = cleanSimilar(current.similar, set.question);
    }
    return set;
  }

  async setSimilar(scope: RobotScope, target: WriteTarget, library: Library, questionId: string, similar: string[]): Promise<void> {
    await this.ctx.write(scope, async (tx, changes) => {
      const current = await this.requireQuestion(tx, scope, envsOf(target)[0], library, questionId);
      const set = { similar: cleanSimilar(similar, current.question), updatedAt: this.ctx.clock.now() };
      await this.applyToEnvs(tx, changes, scope, target, library, questionId, set);
    });
  }

  /** Enables (4), disables (5) or deletes (6) questions; all ids must exist or nothing changes. */
  async setStatus(scope: RobotScope, target: WriteTarget, library: Library, questionIds: string[], status: number): Promise<void> {
    if (![STATUS.enabled, STATUS.disabled, STATUS.deleted].includes(status as 4)) throw invalid('Status must be 4 (enable), 5 (disable) or 6 (delete)');
    const ids = [...new Set(questionIds)];
    if (ids.length === 0) throw invalid('StandardQuestionIds must not be empty');
    if (ids.length > KB_LIMITS.batchIds) throw invalid(`At most ${KB_LIMITS.batchIds} StandardQuestionIds per call`);
    await this.ctx.write(scope, async (tx, changes) => {
      const [primary] = envsOf(target);
      const found = await tx
        .select({ id: kbQuestions.questionId, questionType: kbQuestions.questionType })
        .from(kbQuestions)
        .where(and(this.robotWhere(kbQuestions, scope, primary), eq(kbQuestions.library, library), inArray(kbQuestions.questionId, ids)));
      const absent = ids.filter((id) => !found.some((f) => f.id === id));
      if (absent.length) throw missing(`Question ${absent.join(', ')}`);
      if (status === STATUS.deleted && found.some((f) => f.questionType === 1)) throw new AppError(ErrorCodes.presetCategory, 'System preset questions cannot be deleted; disable them instead');
      for (const env of envsOf(target)) {
        const where = and(this.robotWhere(kbQuestions, scope, env), eq(kbQuestions.library, library), inArray(kbQuestions.questionId, ids));
        if (status === STATUS.deleted) await tx.delete(kbQuestions).where(where);
        else await tx.update(kbQuestions).set({ status, updatedAt: this.ctx.clock.now() }).where(where);
        await changes.touch(tx, env, ids, target === 'test');
      }
    });
  }

  async getQuestion(scope: RobotScope, env: Env, library: Library, questionId: string): Promise<Question> {
    return this.requireQuestion(this.ctx.db, scope, env, library, questionId);
  }

  async listQuestions(scope: RobotScope, env: Env, library: Library, query: QuestionQuery): Promise<QuestionPage> {
    if (!(query.pageIndex > 0) || !(query.pageSize > 0)) throw invalid('PageIndex and PageSize must be positive integers');
    if (query.pageSize > KB_LIMITS.pageSize) throw invalid(`PageSize is at most ${KB_LIMITS.pageSize}`);
    if (query.status !== undefined && query.status !== STATUS.enabled && query.status !== STATUS.disabled) throw invalid('Status filter must be 4 or 5');
    const robot = await this.ctx.requireRobot(this.ctx.db, scope);
    const filters: SQL[] = [this.robotWhere(kbQuestions, scope, env)!, eq(kbQuestions.library, library)];
    if (library === 'faq') filters.push(eq(kbQuestions.languageTag, query.languageTag ?? ''));
    if (query.keyword) filters.push(ilike(kbQuestions.question, `%${escapeLike(query.keyword)}%`));
    if (query.status !== undefined) filters.push(eq(kbQuestions.status, query.status));
    if (query.categoryId !== undefined) {
      const category = await this.findCategory(this.ctx.db, scope, env, library, query.categoryId);
      if (!category) throw invalid(`CategoryId ${query.categoryId} is not a category of this library`);
      if (category.menuType !== MENU.all) {
        const children = await this.ctx.db
          .select({ id: kbCategories.categoryId })
          .from(kbCategories)
          .where(and(this.robotWhere(kbCategories, scope, env), eq(kbCategories.library, library), eq(kbCategories.parentId, category.categoryId)));
        filters.push(inArray(kbQuestions.categoryId, [category.categoryId, ...children.map((c) => c.id)]));
      }
    }
    const where = and(...filters);
    const revision = env === 'test' ? robot.testRevision : robot.prodRevision;
    const counts = await this.countQuestions(JSON.stringify([scope, env, library, revision, query.keyword, query.categoryId, query.status, query.languageTag]), where);
    const items = await this.ctx.db
      .select()
      .from(kbQuestions)
      .where(where)
      .orderBy(query.order === 'desc' ? desc(kbQuestions.seq) : asc(kbQuestions.seq))
      .limit(query.pageSize)
      .offset((query.pageIndex - 1) * query.pageSize);
    return { total: counts.total, totalWithSimilar: counts.withSimilar, items };
  }

  private async countQuestions(key: string, where: SQL | undefined) {
    const cached = this.countCache.get(key);
    if (cached) return cached;
    const [row] = await this.ctx.db
      .select({ total: sql<number>`count(*)`, withSimilar: sql<number>`coalesce(sum(1 + jsonb_array_length(${kbQuestions.similar})), 0)` })
      .from(kbQuestions)
      .where(where);
    const counts = { total: Number(row.total), withSimilar: Number(row.withSimilar) };
    if (this.countCache.size >= COUNT_CACHE_SIZE) this.countCache.clear();
    this.countCache.set(key, counts);
    return counts;
  }

  /** Every question of a robot environment, for matchers and exports. */
  async allQuestions(scope: RobotScope, env: Env, library?: Library): Promise<Question[]> {
    const filters = [this.robotWhere(kbQuestions, scope, env)!];
    if (library) filters.push(eq(kbQuestions.library, library));
    return this.ctx.db
      .select()
      .from(kbQuestions)
      .where(and(...filters))
      .orderBy(asc(kbQuestions.seq));
  }

  async questionsByIds(scope: RobotScope, env: Env, ids: string[]): Promise<Question[]> {
    if (ids.length === 0) return [];
    return this.ctx.db
      .select()
      .from(kbQuestions)
      .where(and(this.robotWhere(kbQuestions, scope, env), inArray(kbQuestions.questionId, ids)));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private robotWhere(table: typeof kbQuestions | typeof kbCategories, scope: RobotScope, env: Env) {
    return and(eq(table.appId, scope.appId), eq(table.robotId, scope.robotId), eq(table.env, env));
  }

  private async findCategory(db: DbOrTx, scope: RobotScope, env: Env, library: Library, categoryId: number): Promise<Category | undefined> {
    // Category ids are 32-bit integers; anything else cannot exist (and would be a database error).
    if (!Number.isInteger(categoryId) || categoryId < -2_147_483_648 || categoryId > 2_147_483_647) return undefined;
    const [row] = await db
      .select()
      .from(kbCategories)
      .where(and(this.robotWhere(kbCategories, scope, env), eq(kbCategories.library, library), eq(kbCategories.categoryId, categoryId)));
    return row;
  }

  private async requireEditableCategory(db: DbOrTx, scope: RobotScope, env: Env, library: Library, categoryId: number): Promise<Category> {
    const category = await this.findCategory(db, scope, env, library, categoryId);
    if (!category) throw missing(`Category ${categoryId}`);
    if (category.menuType !== MENU.ordinary) throw presetError(`Category ${categoryId} (${category.title})`);
    return category;
  }

  private async categoryMap(db: DbOrTx, scope: RobotScope, env: Env, library: Library): Promise<Map<number, Category>> {
    const rows = await db
      .select()
      .from(kbCategories)
      .where(and(this.robotWhere(kbCategories, scope, env), eq(kbCategories.library, library)));
    return new Map(rows.map((r) => [r.categoryId, r]));
  }

  /**
   * A REST add into a category that test lacks (deleted there, unpublished) restores the category in
   * test; otherwise the next publish would silently drop the question production just received.
   */
  private async mirrorCategories(tx: DbOrTx, scope: RobotScope, source: Map<number, Category>, env: Env, library: Library, ids: number[]) {
    const present = await this.categoryMap(tx, scope, env, library);
    const needed = new Set<number>();
    for (const id of ids) {
      const category = source.get(id);
      if (!category || present.has(id)) continue;
      needed.add(id);
      if (category.parentId && !present.has(category.parentId)) needed.add(category.parentId);
    }
    for (const id of needed) {
      const { createdAt, ...row } = source.get(id)!;
      await tx.insert(kbCategories).values({ ...row, env });
      present.set(id, { ...row, env, createdAt });
    }
    return present;
  }

  private async requireQuestion(db: DbOrTx, scope: RobotScope, env: Env, library: Library, questionId: string): Promise<Question> {
    const [row] = await db
      .select()
      .from(kbQuestions)
      .where(and(this.robotWhere(kbQuestions, scope, env), eq(kbQuestions.library, library), eq(kbQuestions.questionId, questionId)));
    if (!row) throw missing(`Question ${questionId}`);
    return row;
  }

  private async requireLanguage(db: DbOrTx, scope: RobotScope, languageTag: string): Promise<void> {
    if (languageTag === '') return;
    const rows = await db.execute(sql`SELECT 1 FROM robot_languages WHERE app_id = ${scope.appId} AND robot_id = ${scope.robotId} AND language_tag = ${languageTag}`);
    if (((rows as { rows?: unknown[] }).rows ?? []).length === 0) {
      throw invalid(`Language "${languageTag}" has not been added to this robot; add it with robot_add_language first`);
    }
  }

  /** A standard question may exist once per library and language: duplicates would split the matcher's votes. */
  private async rejectDuplicates(db: DbOrTx, scope: RobotScope, env: Env, library: Library, rows: Array<{ question: string; languageTag: string }>, exceptId?: string) {
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.languageTag}\u0000${row.question.toLowerCase()}`;
      if (seen.has(key)) throw invalid(`The standard question "${row.question}" appears twice`);
      seen.add(key);
    }
    const texts = [...new Set(rows.map((r) => r.question.toLowerCase()))];
    for (let i = 0; i < texts.length; i += 500) {
      const existing = await db
        .select({ id: kbQuestions.questionId, question: kbQuestions.question, languageTag: kbQuestions.languageTag })
        .from(kbQuestions)
        .where(and(this.robotWhere(kbQuestions, scope, env), eq(kbQuestions.library, library), inArray(sql`lower(${kbQuestions.question})`, texts.slice(i, i + 500))));
      const clash = existing.find((e) => e.id !== exceptId && seen.has(`${e.languageTag}\u0000${e.question.toLowerCase()}`));
      if (clash) throw invalid(`The standard question "${clash.question}" already exists (${clash.id})`);
    }
  }

  private async applyToEnvs(tx: DbOrTx, changes: ChangeSet, scope: RobotScope, target: WriteTarget, library: Library, questionId: string, set: Partial<Question>) {
    for (const env of envsOf(target)) {
      await tx
        .update(kbQuestions)
        .set(set)
        .where(and(this.robotWhere(kbQuestions, scope, env), eq(kbQuestions.library, library), eq(kbQuestions.questionId, questionId)));
      await changes.touch(tx, env, [questionId], target === 'test');
    }
  }
}

import type { KnowledgeContext, RobotScope } from '../context.ts';
import { LibraryService, type NewQuestion } from '../library-service.ts';
import type { RobotService } from '../robot-service.ts';
import { pathKey } from './category-path.ts';
import { columnLabel } from './columns.ts';
import { planImport, type ImportPlan } from './import-plan.ts';
import { byPosition, type RowError } from './row-error.ts';
import { readQaRows, type ReadResult } from './row-reader.ts';
import { readSheet, sniffFormat, type SheetFormat } from './sheet.ts';

export interface ImportOptions {
  /** Omitted: detected from the file's bytes. */
  format?: SheetFormat;
  languageTag: string;
  /** Validate everything, write nothing. */
  dryRun: boolean;
}

export type ImportResult = { ok: true; imported: number; createdCategories: number } | { ok: false; errors: RowError[] };

// Imports are console edits: they land in the test environment and are published like any other edit.
const TARGET = 'test';

/** Bulk import of a QA sheet: every row is valid and written, or nothing is. */
export class QaImporter {
  constructor(
    private readonly ctx: KnowledgeContext,
    private readonly library: LibraryService,
    private readonly robots: RobotService,
  ) {}

  async import(scope: RobotScope, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    await this.ctx.requireRobot(this.ctx.db, scope);
    if (options.languageTag) await this.robots.requireLanguage(this.ctx.db, scope, options.languageTag);
    const read = readQaRows(await readSheet(options.format ?? sniffFormat(bytes), bytes));
    if (options.dryRun) return this.run(this.library, scope, read, options);
    // Planning inside the write transaction (robot locked) keeps the duplicate check true at commit.
    return this.ctx.write(scope, (tx, changes, robot) => {
      const joined = new LibraryService(this.ctx.join(tx, changes, robot));
      return this.run(joined, scope, read, options);
    });
  }

  private async run(library: LibraryService, scope: RobotScope, read: ReadResult, options: ImportOptions): Promise<ImportResult> {
    const plan = await this.plan(library, scope, read, options.languageTag);
    const errors = [...read.errors, ...plan.errors].sort(byPosition);
    if (errors.length) return { ok: false, errors };
    if (!options.dryRun) await this.apply(library, scope, plan, options.languageTag);
    return { ok: true, imported: plan.rows.length, createdCategories: plan.newCategories.length };
  }

  private async plan(library: LibraryService, scope: RobotScope, read: ReadResult, languageTag: string): Promise<ImportPlan> {
    const categories = await library.listCategories(scope, TARGET, 'faq');
    const questions = await library.allQuestions(scope, TARGET, 'faq');
    const existingQuestions = new Set(questions.filter((q) => q.languageTag === languageTag).map((q) => q.question.toLowerCase()));
    const labels = { category: columnLabel(read.columns, 'category'), question: columnLabel(read.columns, 'question') };
    return planImport({ rows: read.rows, categories, existingQuestions, labels });
  }

  private async apply(library: LibraryService, scope: RobotScope, plan: ImportPlan, languageTag: string): Promise<void> {
    const ids = new Map(plan.categoryIds);
    for (const path of plan.newCategories) {
      const parentId = path.length === 2 ? ids.get(pathKey(path.slice(0, 1))) : undefined;
      ids.set(pathKey(path), await library.addCategory(scope, TARGET, 'faq', { title: path[path.length - 1], parentId }));
    }
    const inputs: NewQuestion[] = plan.rows.map((row) => ({
      categoryId: ids.get(pathKey(row.categoryPath))!,
      question: row.question,
      similar: row.similar,
      answer: row.answer,
      answerType: row.answerType,
      status: row.status,
      languageTag,
    }));
    await library.addQuestions(scope, TARGET, 'faq', inputs);
  }
}

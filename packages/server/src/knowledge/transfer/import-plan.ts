import type { Category } from '../library-service.ts';
import { MENU } from '../seed-libraries.ts';
import { categoryPaths, pathKey } from './category-path.ts';
import type { QaRow } from './row-reader.ts';
import type { RowError } from './row-error.ts';

/** What an import will do, decided against the library before anything is written. */
export interface ImportPlan {
  errors: RowError[];
  /** Existing categories by path key. */
  categoryIds: Map<string, number>;
  /** Categories to create, each parent before its children. */
  newCategories: string[][];
  rows: QaRow[];
}

export interface PlanInput {
  rows: QaRow[];
  categories: Category[];
  /** Lower-cased standard questions already in the library (same language). */
  existingQuestions: Set<string>;
  labels: { category: string; question: string };
}

/** Resolves category paths and finds duplicates inside the file and against the library. */
export function planImport({ rows, categories, existingQuestions, labels }: PlanInput): ImportPlan {
  const byPath = indexByPath(categories);
  const newCategories = new Map<string, string[]>();
  const firstRowOf = new Map<string, number>();
  const errors: RowError[] = [];
  const fail = (row: QaRow, column: string, message: string) => errors.push({ row: row.row, column, message });

  for (const row of rows) {
    const top = byPath.get(pathKey(row.categoryPath.slice(0, 1)));
    if (row.categoryPath.length === 2 && top && top.menuType !== MENU.ordinary) {
      fail(row, labels.category, `"${top.title}" is a system category and cannot have sub-categories`);
    } else {
      for (let depth = 1; depth <= row.categoryPath.length; depth++) {
        const path = row.categoryPath.slice(0, depth);
        if (!byPath.has(pathKey(path))) newCategories.set(pathKey(path), path);
      }
    }
    const key = row.question.toLowerCase();
    const first = firstRowOf.get(key);
    if (first !== undefined) fail(row, labels.question, `Duplicates the standard question of row ${first}`);
    else if (existingQuestions.has(key)) fail(row, labels.question, `The standard question "${row.question}" already exists in the library`);
    if (first === undefined) firstRowOf.set(key, row.row);
  }
  const categoryIds = new Map([...byPath].map(([key, category]) => [key, category.categoryId]));
  // Parents (one part) sort before children (two parts); Map order keeps the file's order otherwise.
  const ordered = [...newCategories.values()].sort((a, b) => a.length - b.length);
  return { errors, categoryIds, newCategories: ordered, rows };
}

/** First category per path: listCategories orders by sort, so the one shown first in the console wins. */
function indexByPath(categories: Category[]): Map<string, Category> {
  const paths = categoryPaths(categories);
  const byPath = new Map<string, Category>();
  for (const category of categories) {
    const key = pathKey(paths.get(category.categoryId)!);
    if (!byPath.has(key)) byPath.set(key, category);
  }
  return byPath;
}

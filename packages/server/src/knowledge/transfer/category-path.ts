import { invalid } from '../../platform/errors.ts';
import type { Category } from '../library-service.ts';
import { cleanTitle } from '../library-validation.ts';

// A category cell names a top-level category or "Parent/Child" ("Parent > Child" also works):
// the library has two levels.

const SEPARATOR = /\s*[/>／＞]\s*/;

export function parseCategoryPath(text: string): string[] {
  if (!text.trim()) throw invalid('Category is required');
  const parts = text.split(SEPARATOR);
  if (parts.length > 2) throw invalid(`Category "${text.trim()}" has more than two levels`);
  return parts.map(cleanTitle);
}

export const formatCategoryPath = (path: string[]) => path.join('/');

export const pathKey = (path: string[]) => path.join('\u0000');

/** Path of every category by id. */
export function categoryPaths(categories: Category[]): Map<number, string[]> {
  const byId = new Map(categories.map((c) => [c.categoryId, c]));
  return new Map(
    categories.map((c) => {
      const parent = c.parentId ? byId.get(c.parentId) : undefined;
      return [c.categoryId, parent ? [parent.title, c.title] : [c.title]];
    }),
  );
}

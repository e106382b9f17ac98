import { QUICK_REPLY_LIMITS } from '@parley/protocol';
import { invalid } from '../platform/errors.ts';

// Field rules for quick replies (spec 01 §9 leaves lengths unspecified; these are Parley's). The
// limits are QUICK_REPLY_LIMITS of the /api contract (packages/protocol): one source for the
// console, the workbench and this service.

const chars = (s: string) => [...s].length;

/** The problem with a required text, or undefined; `value` is checked as given (callers trim titles). */
export function textProblem(field: string, value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string`;
  if (!value.trim()) return `${field} must not be empty`;
  if (chars(value) > max) return `${field} is at most ${max} characters (got ${chars(value)})`;
  return undefined;
}

export function assertText(field: string, value: unknown, max: number): void {
  const problem = textProblem(field, value, max);
  if (problem) throw invalid(problem);
}

export function assertSort(sort: unknown): asserts sort is number {
  if (!Number.isInteger(sort) || (sort as number) < 0 || (sort as number) > QUICK_REPLY_LIMITS.sortMax) {
    throw invalid(`sort must be an integer from 0 to ${QUICK_REPLY_LIMITS.sortMax}`);
  }
}

export interface PageQuery {
  page: number;
  pageSize: number;
}

export function assertPage({ page, pageSize }: PageQuery): void {
  if (!Number.isInteger(page) || page < 1) throw invalid('page must be an integer from 1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > QUICK_REPLY_LIMITS.pageSize) {
    throw invalid(`pageSize must be an integer from 1 to ${QUICK_REPLY_LIMITS.pageSize}`);
  }
}

/** A search term as an ILIKE pattern (`%`, `_` and `\` taken literally), or undefined for no filter. */
export function searchPattern(q: string | undefined): string | undefined {
  const term = q?.trim();
  if (!term) return undefined;
  if (chars(term) > QUICK_REPLY_LIMITS.search) throw invalid(`q is at most ${QUICK_REPLY_LIMITS.search} characters`);
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

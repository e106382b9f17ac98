import { DEFAULT_JSON_LIMITS, findJsonProblem, type JsonLimits, type JsonProblem } from '@parley/protocol';

// The gateways' input boundary: text PostgreSQL cannot store and nesting a recursive walk could not
// survive are found here (iteratively), before any parsing into schemas or any query. The rules live
// in @parley/protocol (safe-text.ts) so zod schemas on every side share them.

export { DEFAULT_JSON_LIMITS, findJsonProblem, type JsonLimits, type JsonProblem };

/**
 * The first problem of a request's parts (body, query, params), named by the part. Parts that are
 * not parsed JSON (an upload's stream or buffer) are left to their route.
 */
export function requestProblem(parts: Record<string, unknown>, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonProblem | undefined {
  for (const [part, value] of Object.entries(parts)) {
    if (!isParsedJson(value)) continue;
    const problem = findJsonProblem(value, limits);
    if (problem) return { ...problem, message: `${part}: ${problem.message}` };
  }
  return undefined;
}

/** Parsed JSON, a query or params object; not an upload's bytes or stream, which their route checks. */
function isParsedJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value === 'string';
  return !ArrayBuffer.isView(value) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** PostgreSQL text cannot hold U+0000, so such strings are refused up front (iteratively: bodies may nest deeply). */
export function containsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

export const NUL_MESSAGE = 'Strings in the request body must not contain NUL (\\u0000) characters';

/** Keys that would reach an object's prototype if copied by assignment. */
export const isPrototypeKey = (key: string) => key === '__proto__' || key === 'constructor' || key === 'prototype';

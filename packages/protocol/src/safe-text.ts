import { z } from 'zod';

// The input boundary's text rules, shared by every gateway: what PostgreSQL cannot store (U+0000 in
// text, lone UTF-16 surrogates in json/jsonb) and what would overflow a recursive walk (deep
// nesting) is refused where the input arrives, with the surface's own parameter error.

/** PostgreSQL `integer` (int4): ids and counts stored in int columns. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/** An integer that fits an int4 column; booleans and numeric strings are refused like any non-number. */
export const int4 = () => z.number().int().min(INT4_MIN).max(INT4_MAX);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = 'nul' | 'surrogate';

/** Why a string cannot be stored as it is, or undefined when it can. */
export function textProblem(text: string): TextProblem | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return undefined;
}

const TEXT_MESSAGES: Record<TextProblem, string> = {
  nul: 'must not contain NUL (\\u0000) characters',
  surrogate: 'must be valid Unicode (it contains a lone UTF-16 surrogate)',
};

/** Characters as people count them (code points), so 500 emoji are 500, not 1000. */
export const charCount = (text: string) => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** A zod string that can be stored: no NUL, no lone surrogate, and with `max`, at most that many characters. */
export function safeText(max?: number) {
  return z.string().superRefine((text, ctx) => {
    const problem = textProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: TEXT_MESSAGES[problem] });
    else if (max !== undefined && text.length > max && charCount(text) > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
  });
}

export interface JsonLimits {
  /** Objects and arrays inside one another; the root object or array is level 1. */
  maxDepth: number;
  /** The size of the value as JSON text, in UTF-8 bytes (counted as it is walked, escapes aside). */
  maxBytes?: number;
}

/** Enough for every body the APIs define (message bodies nest 4 levels), far below what could overflow a stack. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32 };

export type JsonProblemKind = TextProblem | 'depth' | 'size';

export interface JsonProblem {
  kind: JsonProblemKind;
  /** Where it is: keys and indexes from the root (for a key that is itself bad, the path ends with it). */
  path: Array<string | number>;
  message: string;
}

/**
 * The first reason a parsed JSON value cannot be stored, or undefined. Walks iteratively with an
 * explicit stack, so a value nested 100,000 levels deep is measured, not recursed into.
 */
export function findJsonProblem(root: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonProblem | undefined {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  let bytes = 0;
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { kind: problem, path, message: `${where(path)} ${TEXT_MESSAGES[problem]}` };
      bytes += utf8Length(value) + 2;
    } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
      const depth = path.length + 1;
      if (depth > limits.maxDepth) return { kind: 'depth', path, message: `The JSON nests deeper than ${limits.maxDepth} levels at ${where(path)}` };
      const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      for (const [key, child] of entries) {
        if (typeof key === 'string') {
          const problem = textProblem(key);
          if (problem) return { kind: problem, path: [...path, key], message: `The key at ${where(path)} ${TEXT_MESSAGES[problem]}` };
          bytes += utf8Length(key) + 3; // "key":
        }
        stack.push({ value: child, path: [...path, key] });
      }
      bytes += 2 + Math.max(0, entries.length - 1); // brackets and commas
    } else {
      bytes += String(value).length;
    }
    if (limits.maxBytes !== undefined && bytes > limits.maxBytes) return { kind: 'size', path: [], message: `The JSON is larger than ${limits.maxBytes} bytes` };
  }
  return undefined;
}

export class UnsafeJsonError extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.message);
    this.name = 'UnsafeJsonError';
  }
}

/** Throws UnsafeJsonError (with the problem's kind and path) unless `value` can be stored as it is. */
export function assertSafeJson(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): void {
  const problem = findJsonProblem(value, limits);
  if (problem) throw new UnsafeJsonError(problem);
}

const where = (path: Array<string | number>) => (path.length ? path.map(String).join('.') : 'the value');

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

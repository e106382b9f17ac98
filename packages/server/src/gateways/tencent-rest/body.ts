import { int4, type JsonProblem } from '@parley/protocol';
import type { z } from 'zod';
import { findJsonProblem, isPrototypeKey, type JsonLimits } from '../../platform/json-guard.ts';

/** REST bodies nest a few levels (satisfaction texts per language: 3; message bodies: 4). */
export const REST_JSON_LIMITS: JsonLimits = { maxDepth: 32 };

/**
 * A field the spec types Integer: a JSON number without a fraction that fits PostgreSQL's int4.
 * `true`, `"1"` and 2147483648 are refused here, not by the database.
 */
export const intField = () => int4();

/** A documented 0/1 Integer switch, as a boolean (booleans themselves are not Integers). */
export const switchField = (meaning: string) =>
  intField()
    .refine((v) => v === 0 || v === 1, `must be 0 or 1 (${meaning})`)
    .transform((v) => v === 1);

/**
 * Renames top-level keys to the schema's spelling when they differ only in case, so the
 * documented variants (`IMAgentUserID` / `IMAgentUserId`) are both accepted.
 */
export function canonicalizeKeys(body: Record<string, unknown>, schema: z.ZodObject): Record<string, unknown> {
  const canonical = new Map(Object.keys(schema.shape).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (isPrototypeKey(key)) continue;
    const name = canonical.get(key.toLowerCase()) ?? key;
    if (!(name in out) || name === key) out[name] = value;
  }
  return out;
}

export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; /** Set when the JSON parsed but holds what cannot be stored. */ unsafe?: JsonProblem };

export function parseJsonObject(raw: unknown): ParsedBody {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: {} };
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The request body is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The request body must be a JSON object' };
  const unsafe = findJsonProblem(value, REST_JSON_LIMITS);
  if (unsafe) return { ok: false, message: unsafe.message, unsafe };
  return { ok: true, value: value as Record<string, unknown> };
}

/** "Field: problem; Field: problem" from zod issues, naming fields as the client spelled them. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      if (issue.code === 'invalid_type') {
        return / received undefined$/.test(issue.message) ? `${path} is required` : `${path} must be ${article(issue.expected)}`;
      }
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

const article = (type: string) => (type === 'array' || type === 'object' || type === 'int' ? `an ${type === 'int' ? 'integer' : type}` : `a ${type}`);

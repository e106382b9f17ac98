import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertSafeJson, charCount, findJsonProblem, INT4_MAX, INT4_MIN, int4, safeText, textProblem, UnsafeJsonError } from './safe-text.ts';

const nest = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('textProblem', () => {
  it('finds NUL and lone surrogates, accepts pairs and ordinary text', () => {
    expect(textProblem('a\u0000b')).toBe('nul');
    expect(textProblem('\ud800')).toBe('surrogate');
    expect(textProblem('x\udfff')).toBe('surrogate');
    expect(textProblem('\udc00\ud800')).toBe('surrogate'); // reversed pair
    expect(textProblem('😀 中文 e\u0301')).toBeUndefined();
  });

  it('agrees with String.prototype.isWellFormed on any UTF-16 text without NUL', () => {
    const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        fc.pre(!text.includes('\u0000'));
        expect(textProblem(text) === undefined).toBe(isWellFormed(text));
      }),
    );
  });
});

describe('safeText', () => {
  it('refuses what cannot be stored and counts characters, not UTF-16 units', () => {
    expect(safeText(3).safeParse('a\u0000').success).toBe(false);
    expect(safeText(3).safeParse('\ud800').success).toBe(false);
    expect(safeText(3).safeParse('😀😀😀').success).toBe(true);
    expect(safeText(3).safeParse('😀😀😀😀').success).toBe(false);
    expect(safeText().safeParse(1).success).toBe(false);
  });

  it('accepts exactly the well-formed strings within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer({ min: 0, max: 30 }), (text, max) => {
        fc.pre(!text.includes('\u0000'));
        expect(safeText(max).safeParse(text).success).toBe(charCount(text) <= max);
      }),
    );
  });
});

describe('int4', () => {
  it('fits PostgreSQL integer and refuses booleans and strings', () => {
    for (const ok of [0, INT4_MIN, INT4_MAX]) expect(int4().safeParse(ok).success).toBe(true);
    for (const bad of [INT4_MAX + 1, INT4_MIN - 1, 1.5, true, '1', null]) expect(int4().safeParse(bad).success, String(bad)).toBe(false);
  });
});

describe('findJsonProblem', () => {
  it('measures deep nesting without recursing (100,000 levels)', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(findJsonProblem(deep, { maxDepth: 32 })).toMatchObject({ kind: 'depth' });
    expect(findJsonProblem(nest(32), { maxDepth: 32 })).toBeUndefined();
    expect(findJsonProblem(nest(33), { maxDepth: 32 })).toMatchObject({ kind: 'depth' });
  });

  it('names the path of a bad string or key', () => {
    expect(findJsonProblem({ MsgBody: [{ MsgContent: { Text: 'a\ud800' } }] })).toMatchObject({ kind: 'surrogate', path: ['MsgBody', 0, 'MsgContent', 'Text'] });
    expect(findJsonProblem({ ok: 'x', ['k\u0000']: 1 })).toMatchObject({ kind: 'nul', path: ['k\u0000'] });
  });

  it('bounds the size as UTF-8 bytes of the JSON text', () => {
    expect(findJsonProblem({ a: 'x'.repeat(100) }, { maxDepth: 8, maxBytes: 50 })).toMatchObject({ kind: 'size' });
    expect(findJsonProblem({ a: 'x'.repeat(10) }, { maxDepth: 8, maxBytes: 50 })).toBeUndefined();
  });

  it('never counts more bytes than JSON.stringify makes, so a limit never refuses a smaller body', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
        expect(findJsonProblem(value, { maxDepth: 10, maxBytes: bytes })?.kind).not.toBe('size');
      }),
    );
  });

  it('accepts every well-formed JSON value within the depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const clean = JSON.parse(JSON.stringify(value).replaceAll('\\u0000', ''));
        expect(findJsonProblem(clean, { maxDepth: 8 })).toBeUndefined();
      }),
    );
  });

  it('assertSafeJson throws UnsafeJsonError with the problem', () => {
    expect(() => assertSafeJson({ a: '\udfff' })).toThrow(UnsafeJsonError);
    expect(() => assertSafeJson(nest(10), { maxDepth: 5 })).toThrow(/deeper than 5/);
    expect(() => assertSafeJson({ a: ['ok'] })).not.toThrow();
  });
});

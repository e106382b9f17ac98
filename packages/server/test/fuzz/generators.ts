import fc from 'fast-check';
import { z } from 'zod';

/**
 * Generators of hostile input for the fuzz suite: malformed JSON text, wrong types, over-long and
 * unstorable strings, deep nesting, huge numbers, unknown and other-app ids, hostile path segments,
 * and valid-looking bodies (sampled from each route's own schema) with one field mutated.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Ids that exist, but in another app, filled in by the suite once its fixtures exist. */
export const foreignIds: string[] = [];

const nest = (depth: number, leaf: Json, kind: 'array' | 'object'): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
};

export const hugeNumber = fc.constantFrom<number>(
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  -(2 ** 31),
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  2 ** 53 + 2,
  2 ** 64,
  1e308,
  -1e308,
  -1,
  0,
  0.5,
  1e-7,
  4294967296,
  99999999999,
);

export const numberishString = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '0x10', '１２', '', ' ', '-0', '9'.repeat(40), '1.5', '+1', '0b1', '1_000');

const LONG = 'x'.repeat(70_000);
const MEDIUM = 'é'.repeat(5_000);

export const nastyString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFF',
    '\uDBFF\uDBFF',
    LONG,
    MEDIUM,
    '😀'.repeat(600),
    '%00',
    '%',
    '../../../etc/passwd',
    "'; DROP TABLE apps; --",
    '<script>alert(1)</script>',
    '\u202Eevil',
    '__proto__',
    'constructor',
    ' ',
    '\r\n',
    '\\',
    '{"a":1}',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

export const unknownId = fc.constantFrom('nope', '0', '-1', '1', '2147483648', '@RBT#nope', '@customer_service_account_x', 'visitor_nope', 'nobody@example.com', 'V20990101000000000000');

export const deepValue = fc.tuple(fc.integer({ min: 33, max: 3000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => nest(d, 1, k));

/** Any value a field should not accept (or, rarely, one it should: the suite tolerates acceptance). */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  hugeNumber,
  numberishString,
  nastyString,
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.constant({ __proto__: { admin: true } } as unknown as Json),
  fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}') as Json),
  deepValue,
  fc.array<Json>(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 5 }),
  fc.constant<Json>(Array.from({ length: 5000 }, (_, i) => i)),
  unknownId,
  fc.nat().map((i) => (foreignIds.length ? foreignIds[i % foreignIds.length] : 'foreign')),
  // Another app's numeric ids (categories, the app itself) as the numbers they are.
  fc.nat().map((i) => {
    const numeric = foreignIds.filter((id) => /^\d{1,15}$/.test(id));
    return numeric.length ? Number(numeric[i % numeric.length]) : 1;
  }),
);

/** Text that is not a JSON object, or not JSON at all. */
export const malformedText = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    '[',
    '[]',
    'null',
    'true',
    '0',
    '"text"',
    '1e99999',
    '{"a":1}{"b":2}',
    '\u0000',
    '{"a":"\\u0000"}',
    '{"a":"\\ud800"}',
    '{"a":"\\uZZZZ"}',
    '\uFEFF{}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"__proto__":{"x":1}}',
    '['.repeat(5000),
    '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
    '{"a":"' + 'x'.repeat(200_000) + '"}',
  ),
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
);

/** A path segment: hostile, percent-encoded (valid and not), over-long. */
export const hostileSegment = fc.oneof(
  fc.constantFrom(
    '%00',
    'a%00b',
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%ED%A0%80',
    '%C0%AF',
    // ('..', '.' and '%2e%2e' are left out: URL parsing resolves them before the request is sent.)
    '...',
    '%2F',
    'a%2Fb',
    '%20',
    '-1',
    '0',
    '1.5',
    'NaN',
    '2147483648',
    '99999999999999999999',
    'default',
    '%F0%9F%98%80',
  ),
  fc.integer({ min: 100, max: 400 }).map((n) => 'x'.repeat(n)),
  fc.string({ maxLength: 20 }).map((s) => (/^\.{0,2}$/.test(s) ? 'empty' : encodeURIComponent(s))),
  unknownId.map(encodeURIComponent),
  fc.nat().map((i) => (foreignIds.length ? encodeURIComponent(foreignIds[i % foreignIds.length]) : 'foreign')),
);

/** A query string: a base one with one parameter mutated, removed, repeated, or malformed. */
export function queryArb(base: Record<string, string>): fc.Arbitrary<string> {
  const keys = Object.keys(base);
  const encode = (q: Record<string, string>) => new URLSearchParams(q).toString();
  const variants: fc.Arbitrary<string>[] = [
    fc.constant(encode(base)),
    fc.constantFrom('a=%ZZ', 'a=%00', '%%%', '&&&=&', 'a[b]=1', 'a[__proto__][x]=1', 'a=' + 'x'.repeat(5000), 'a=1&a=2'),
    fc.tuple(fc.string({ maxLength: 12 }), hostileValue).map(([k, v]) => encode({ ...base, [k || 'k']: String(v) })),
  ];
  if (keys.length) {
    const key = fc.constantFrom(...keys);
    variants.push(
      fc.tuple(key, hostileValue).map(([k, v]) => encode({ ...base, [k]: typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null') })),
      fc.tuple(key, hostileSegment).map(([k, v]) => `${encode({ ...base, [k]: 'x' })}`.replace(`${encodeURIComponent(k)}=x`, `${encodeURIComponent(k)}=${v}`)),
      // Numbers past what a column holds (int4, bigint, a double's integers) and other non-counts.
      fc
        .tuple(key, fc.constantFrom('2147483648', '-2147483649', '9007199254740993', '99999999999999999999', '1e21', '1e400', '-1', '1.5', '0x1F', 'Infinity'))
        .map(([k, v]) => encode({ ...base, [k]: v })),
      key.map((k) => encode(Object.fromEntries(Object.entries(base).filter(([key]) => key !== k)))),
      key.map((k) => `${encode(base)}&${encodeURIComponent(k)}=${encodeURIComponent(base[k])}`),
    );
  }
  return fc.oneof(...variants);
}

export type BodyKind = 'malformed' | 'mutated' | 'dropped' | 'wrong-types' | 'random-json' | 'empty';

/** A request body: malformed text, or the route's good body with one field mutated or dropped, or wrong types everywhere. */
export function bodyArb(base: Record<string, Json>): fc.Arbitrary<{ kind: BodyKind; text: string | undefined }> {
  const keys = Object.keys(base);
  const text = (kind: BodyKind) => (value: unknown) => ({ kind, text: JSON.stringify(value) as string });
  const variants: fc.WeightedArbitrary<{ kind: BodyKind; text: string | undefined }>[] = [
    { weight: 3, arbitrary: malformedText.map((t) => ({ kind: 'malformed' as const, text: t })) },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'empty' as const, text: undefined }, { kind: 'empty' as const, text: '' }, { kind: 'empty' as const, text: '{}' }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(text('random-json')) },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), hostileValue).map(([k, v]) => text('mutated')({ ...base, [k || 'k']: v })) },
  ];
  if (keys.length) {
    const key = fc.constantFrom(...keys);
    variants.push(
      { weight: 8, arbitrary: fc.tuple(key, hostileValue).map(([k, v]) => text('mutated')({ ...base, [k]: v })) },
      { weight: 2, arbitrary: fc.tuple(key, hostileValue).map(([k, v]) => text('mutated')({ ...base, [k]: mutateInside(base[k], v) })) },
      { weight: 1, arbitrary: key.map((k) => text('dropped')(Object.fromEntries(Object.entries(base).filter(([key]) => key !== k)))) },
      { weight: 1, arbitrary: fc.tuple(...keys.map(() => hostileValue)).map((values) => text('wrong-types')(Object.fromEntries(keys.map((k, i) => [k, values[i]])))) },
      // The field names in another case (the REST gateway matches them case-insensitively).
      { weight: 1, arbitrary: fc.tuple(key, hostileValue).map(([k, v]) => text('mutated')({ ...base, [k.toUpperCase()]: v, [k.toLowerCase()]: base[k] })) },
    );
  }
  return fc.oneof(...variants);
}

/** Replaces one element or property inside an array or object value (one level down). */
function mutateInside(value: Json, replacement: Json): Json {
  if (Array.isArray(value)) return value.length ? [replacement, ...value.slice(1)] : [replacement];
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length ? { ...value, [keys[0]]: replacement } : { x: replacement };
  }
  return replacement;
}

// ---- good bodies, sampled from the schemas ----

/** Values for fields by name, where a generic sample would never reach the service (ids the fixtures created). */
export type Hints = Record<string, Json>;

/** A valid-looking value of a zod schema (via its JSON Schema), using hints for known field names. */
export function sampleOf(schema: unknown, hints: Hints): Record<string, Json> {
  if (!schema || typeof schema !== 'object' || !('_zod' in schema)) return {};
  let json: Record<string, any>;
  try {
    json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  } catch {
    return {};
  }
  const value = sampleJson(json, hints, json, 0);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : {};
}

function sampleJson(s: Record<string, any>, hints: Hints, root: Record<string, any>, depth: number, name = ''): Json {
  if (name && Object.hasOwn(hints, name)) return hints[name];
  if (depth > 6) return null;
  if (s.$ref && typeof s.$ref === 'string') {
    const path = s.$ref.replace(/^#\//, '').split('/');
    let target: any = root;
    for (const p of path) target = target?.[p];
    return target ? sampleJson(target, hints, root, depth + 1, name) : null;
  }
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.anyOf)) return sampleJson(s.anyOf.find((a: any) => a.type !== 'null') ?? s.anyOf[0], hints, root, depth + 1, name);
  if (Array.isArray(s.oneOf)) return sampleJson(s.oneOf[0], hints, root, depth + 1, name);
  if (Array.isArray(s.allOf)) return sampleJson(s.allOf[0], hints, root, depth + 1, name);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [key, sub] of Object.entries((s.properties ?? {}) as Record<string, any>)) out[key] = sampleJson(sub, hints, root, depth + 1, key);
      return out;
    }
    case 'array': {
      const item = s.items && typeof s.items === 'object' ? sampleJson(s.items, hints, root, depth + 1, `${name}[]`) : 'x';
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => item);
    }
    case 'integer':
      return typeof s.minimum === 'number' ? Math.max(s.minimum, Math.min(1, s.maximum ?? 1)) : 1;
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'string': {
      if (s.format === 'email') return 'fuzz@example.com';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/x';
      const length = Math.max(1, s.minLength ?? 1);
      return 'x'.repeat(Math.min(length, 64));
    }
    case 'null':
      return null;
    default:
      return 'x';
  }
}

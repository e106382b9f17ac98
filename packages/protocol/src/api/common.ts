import { z } from 'zod';

// Building blocks of the /api contract. Request schemas validate (and coerce query strings); response
// schemas are what the server encodes. Types for clients are `z.input` of a response (the JSON on
// the wire: timestamps as ISO strings) and `z.input` of a request body.

export const INT_MAX = 2_147_483_647;

/** A point in time: the server holds a Date (or an ISO string already), the wire carries an ISO string. */
export const timestamp = z.codec(z.string(), z.union([z.date(), z.string()]), {
  decode: (text) => text,
  encode: (value) => (typeof value === 'string' ? value : value.toISOString()),
});

/**
 * Optimistic concurrency on an edit: the revision (the entry's `updatedAt` as the GET answered it) the
 * caller edited. When the entry has changed since, the edit is refused with 409 `conflict` and nothing
 * changes. Omitted: the edit is saved whatever happened meanwhile.
 */
export const expectedRevision = z.string().max(64).optional().meta({ description: "The entry's `updatedAt` as loaded; a stale one is refused with 409 `conflict`" });

export const ok = z.object({ ok: z.literal(true) });

/** A page number in a query string: 1 to 100,000. */
export const pageNumber = z.coerce.number().int().min(1).max(100_000).default(1);
export const pageSizeOf = (defaultSize: number, max = 100) => z.coerce.number().int().min(1).max(max).default(defaultSize);

/** `{ error: { code, message } }` with a meaningful HTTP status: every /api failure. */
export const apiError = z.looseObject({ error: z.object({ code: z.union([z.string(), z.number()]), message: z.string() }) });
export type ApiError = z.infer<typeof apiError>;

export const env = z.enum(['test', 'prod']);

/** A file the route answers with as its raw body (sheets, images). */
export const binaryBody = z.string().meta({ format: 'binary' });

/** A route's responses: its success schemas plus the error envelope for every 4xx (loose: some add details). */
export const withErrors = <T extends Record<number, unknown>>(success: T) => ({ ...success, '4xx': apiError });

/**
 * An object whose declared fields are checked and documented and whose other fields pass through
 * unchanged (rich domain rows). Typed as the declared fields only, so interfaces without an index
 * signature fit.
 */
export const looseObject = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape) as unknown as z.ZodObject<T>;

import { bigint, customType, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Images and files sent in chats; the random id in the URL is the capability to read one. The
 * bytes live in a blob store (blob-store.ts): on disk, or in `file_chunks` on PostgreSQL.
 */
export const files = pgTable(
  'files',
  {
    fileId: text('file_id').primaryKey(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    uploaderId: text('uploader_id').notNull(),
    /** 'image' or 'file'. */
    kind: text('kind').$type<'image' | 'file'>().notNull(),
    /** Sniffed from the bytes for images; as declared (then sanitised) for files. */
    contentType: text('content_type').notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('files_app').on(t.appId, t.createdAt)],
);

/** File bytes in 1 MiB pieces, numbered from 0, when they are kept in the database (blob-store.ts). */
export const fileChunks = pgTable(
  'file_chunks',
  {
    fileId: text('file_id').notNull(),
    appId: bigint('app_id', { mode: 'number' }).notNull(),
    index: integer('idx').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.index] })],
);

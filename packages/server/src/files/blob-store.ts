import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { fileChunks } from './schema.ts';
import { logFailure } from '../platform/logger.ts';

/**
 * Where the bytes of uploaded files live. Uploads are first streamed to a temporary file on local
 * disk (hashed and measured on the way, never held in memory whole), then committed under the
 * file's id; downloads stream back out. Two stores:
 * - `DiskBlobStore`: a directory (`$PARLEY_DATA_DIR/files` with the embedded database, or the
 *   shared `PARLEY_FILES_DIR`), so file bytes never pass through the single embedded connection;
 * - `DatabaseBlobStore`: 1 MiB chunks in PostgreSQL, readable by every process of a scale-out.
 */
export interface BlobStore {
  /** Where staged uploads are written before they are committed. */
  readonly stagingDir: string;
  /** Makes a staged upload the bytes of `fileId`. */
  commit(staged: StagedBlob, owner: { appId: number; fileId: string }): Promise<void>;
  /** The bytes of a committed file, or undefined if this store has none. */
  open(fileId: string): Promise<Readable | undefined>;
  remove(fileId: string): Promise<void>;
}

/** An upload on local disk, not yet a file: its size, digest and first bytes (for sniffing images). */
export interface StagedBlob {
  path: string;
  size: number;
  sha256: string;
  head: Buffer;
}

/** Thrown by `stage` when the source goes past `maxBytes`; the caller turns it into its own error. */
export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`Upload larger than ${maxBytes} bytes`);
  }
}

/** Bytes kept in memory from the start of each upload: enough for any image header we measure. */
export const HEAD_BYTES = 256 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** Staged files older than this are leftovers of a crash (no upload takes an hour). */
const STALE_STAGING_MS = 60 * 60 * 1000;

/**
 * Streams `source` into a new temporary file of `dir`, enforcing `maxBytes` as the bytes arrive.
 * The source is never destroyed, so an HTTP request stays able to receive the error response.
 */
export async function stage(source: Readable, dir: string, maxBytes: number): Promise<StagedBlob> {
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomBytes(12).toString('hex')}.part`);
  const meter = new Meter(maxBytes);
  try {
    await pipeline(detached(source), meter, fs.createWriteStream(file, { flags: 'wx' }));
    await syncFile(file);
    return { path: file, size: meter.size, sha256: meter.sha256.digest('hex'), head: meter.head() };
  } catch (error) {
    await discard(file);
    throw error;
  }
}

export async function discard(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/** Counts, hashes and keeps the head of the bytes passing through; fails past the limit. */
class Meter extends Transform {
  size = 0;
  readonly sha256 = createHash('sha256');
  private headChunks: Buffer[] = [];
  private headSize = 0;

  constructor(private maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new BlobTooLarge(this.maxBytes));
    this.sha256.update(chunk);
    if (this.headSize < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headSize);
      this.headChunks.push(Buffer.from(part));
      this.headSize += part.length;
    }
    done(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

/**
 * A view of `source` that pipeline may destroy without destroying the source: a rejected upload
 * stops being read, but its socket stays open for the answer. Errors and early closes of the
 * source still end the view.
 */
function detached(source: Readable): Readable {
  const view = new PassThrough();
  source.pipe(view);
  finished(source, { writable: false }).catch((error: Error) => view.destroy(error));
  return view;
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync(); // committed bytes survive a power cut, as database rows do
  } finally {
    await handle.close();
  }
}

const FILE_ID = /^[0-9a-f]{32}$/;

/** Files under `<dir>/<first two hex digits of the id>/<id>`, written by an atomic rename. */
export class DiskBlobStore implements BlobStore {
  readonly stagingDir: string;

  /** `fallback`: where files stored before the bytes moved here are read from (the database). */
  constructor(
    readonly dir: string,
    private fallback?: BlobStore,
  ) {
    this.stagingDir = path.join(dir, 'staging');
  }

  /** Removes uploads a crashed process left half-written (old ones only: with a shared directory, another process may be writing now). */
  async sweepStaging(now = Date.now()): Promise<void> {
    const names = await fs.promises.readdir(this.stagingDir).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(this.stagingDir, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs > STALE_STAGING_MS) await discard(file);
    }
  }

  async commit(staged: StagedBlob, owner: { appId: number; fileId: string }): Promise<void> {
    const target = this.pathOf(owner.fileId);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(staged.path, target);
  }

  async open(fileId: string): Promise<Readable | undefined> {
    if (!FILE_ID.test(fileId)) return undefined;
    const handle = await fs.promises.open(this.pathOf(fileId), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (handle) return handle.createReadStream();
    return this.fallback?.open(fileId);
  }

  async remove(fileId: string): Promise<void> {
    if (FILE_ID.test(fileId)) await fs.promises.rm(this.pathOf(fileId), { force: true });
  }

  private pathOf(fileId: string): string {
    return path.join(this.dir, fileId.slice(0, 2), fileId);
  }
}

/** Bytes as 1 MiB rows of `file_chunks`, so every process connected to the database can serve them. */
export class DatabaseBlobStore implements BlobStore {
  constructor(
    private db: Db,
    readonly stagingDir = path.join(os.tmpdir(), 'parley-uploads'),
  ) {}

  async commit(staged: StagedBlob, owner: { appId: number; fileId: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      let index = 0;
      for await (const data of readChunks(staged.path)) {
        await tx.insert(fileChunks).values({ fileId: owner.fileId, appId: owner.appId, index: index++, data });
      }
    });
  }

  async open(fileId: string): Promise<Readable | undefined> {
    const [first] = await this.db.select({ index: fileChunks.index }).from(fileChunks).where(eq(fileChunks.fileId, fileId)).limit(1);
    if (!first) return undefined;
    return Readable.from(this.chunksOf(fileId), { objectMode: false });
  }

  async remove(fileId: string): Promise<void> {
    await this.db.delete(fileChunks).where(eq(fileChunks.fileId, fileId));
  }

  /** One row per read, so a download holds at most one chunk in memory and no connection between reads. */
  private async *chunksOf(fileId: string): AsyncGenerator<Buffer> {
    for (let index = 0; ; index++) {
      const [row] = await this.db
        .select({ data: fileChunks.data })
        .from(fileChunks)
        .where(and(eq(fileChunks.fileId, fileId), eq(fileChunks.index, index)));
      if (!row) return;
      yield row.data;
    }
  }
}

async function* readChunks(file: string): AsyncGenerator<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * The store for a process: a directory when one is configured (`PARLEY_FILES_DIR`, or the embedded
 * database's data directory), the database otherwise. Files stored in the database before the
 * bytes moved to a directory stay readable from there.
 */
export function createBlobStore(db: Db, filesDir: string | undefined): BlobStore {
  const database = new DatabaseBlobStore(db);
  if (!filesDir) return database;
  const disk = new DiskBlobStore(filesDir, database);
  disk.sweepStaging().catch(logFailure('files', 'sweeping leftover staged uploads (they only cost disk space)'));
  return disk;
}

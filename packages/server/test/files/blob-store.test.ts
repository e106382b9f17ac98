import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobTooLarge, DatabaseBlobStore, DiskBlobStore, stage } from '../../src/files/blob-store.ts';
import { fileChunks } from '../../src/files/schema.ts';
import { createTestDatabase, type TestDatabase } from '../harness.ts';

const APP = 1_600_000_031;
const id = (n: number) => n.toString(16).padStart(32, '0');
const readAll = async (stream: Readable | undefined) => Buffer.concat(await stream!.toArray());

describe('blob stores', () => {
  let testDb: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-blob-test-'));
  });
  afterAll(async () => {
    await testDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stages a stream with its size, digest and head, and refuses one past the limit without destroying the source', async () => {
    const staged = await stage(Readable.from([Buffer.from('hello '), Buffer.from('world')]), path.join(dir, 'staging'), 11);
    expect(staged).toMatchObject({ size: 11, sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9', head: Buffer.from('hello world') });
    expect(fs.readFileSync(staged.path, 'utf8')).toBe('hello world');

    const source = new PassThrough(); // a body still arriving
    source.write(Buffer.alloc(8));
    source.write(Buffer.alloc(8));
    await expect(stage(source, path.join(dir, 'staging'), 10)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(source.destroyed).toBe(false); // an HTTP request must stay able to carry the 413
    expect(fs.readdirSync(path.join(dir, 'staging'))).toEqual([path.basename(staged.path)]);
  });

  it('keeps bytes in the database as 1 MiB chunks and streams them back in order', async () => {
    const store = new DatabaseBlobStore(testDb.database.db, path.join(dir, 'db-staging'));
    const bytes = Buffer.from(Array.from({ length: 2.5 * 1024 * 1024 }, (_, i) => i % 251));
    const staged = await stage(Readable.from([bytes]), store.stagingDir, bytes.length);
    await store.commit(staged, { appId: APP, fileId: id(1) });
    expect((await readAll(await store.open(id(1)))).equals(bytes)).toBe(true);
    expect(await store.open(id(2))).toBeUndefined();
    await store.remove(id(1));
    expect(await store.open(id(1))).toBeUndefined();
  });

  it('keeps bytes on disk by file id, and reads files stored in the database before the move from there', async () => {
    const store = new DiskBlobStore(path.join(dir, 'files'), new DatabaseBlobStore(testDb.database.db));
    const staged = await stage(Readable.from([Buffer.from('on disk')]), store.stagingDir, 100);
    await store.commit(staged, { appId: APP, fileId: id(3) });
    expect(fs.existsSync(staged.path)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'files', '00', id(3)), 'utf8')).toBe('on disk');
    expect((await readAll(await store.open(id(3)))).toString()).toBe('on disk');

    // As the migration leaves a file uploaded before: one chunk in file_chunks.
    await testDb.database.db.insert(fileChunks).values({ fileId: id(4), appId: APP, index: 0, data: Buffer.from('legacy') });
    expect((await readAll(await store.open(id(4)))).toString()).toBe('legacy');
    expect(await store.open(id(5))).toBeUndefined();
    expect(await store.open('../../etc/passwd')).toBeUndefined();
  });

  it('sweeps only staged uploads old enough to be leftovers of a crash', async () => {
    const store = new DiskBlobStore(path.join(dir, 'sweep'));
    fs.mkdirSync(store.stagingDir, { recursive: true });
    const old = path.join(store.stagingDir, 'old.part');
    const fresh = path.join(store.stagingDir, 'fresh.part');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    await store.sweepStaging();
    expect(fs.readdirSync(store.stagingDir)).toEqual(['fresh.part']);
  });
});

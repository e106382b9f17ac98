import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileService, type NewFile } from '../../src/files/file-service.ts';
import { FILE_MAX_BYTES, IMAGE_MAX_BYTES, NAME_MAX } from '../../src/files/limits.ts';
import { createBlobStore, DatabaseBlobStore, HEAD_BYTES, type BlobStore } from '../../src/files/blob-store.ts';
import { fileChunks, files } from '../../src/files/schema.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { createTestDatabase, type TestDatabase } from '../harness.ts';
import { BMP_2x2, GIF_5x4, JPEG_3x2, PNG_3x2, WEBP_4x3 } from './fixtures.ts';

const APP = 1_600_000_001;
const OTHER_APP = 1_600_000_002;

describe('FileService', () => {
  let testDb: TestDatabase;
  let service: FileService;
  let blobs: BlobStore;
  const clock = new ManualClock(new Date('2026-03-04T05:06:07Z'));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db, filesDir } = testDb.database;
    // A staging directory of its own on PostgreSQL too, so leftovers of this file's uploads can be counted.
    blobs = filesDir ? createBlobStore(db, filesDir) : new DatabaseBlobStore(db, fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-staging-')));
    service = new FileService(db, clock, blobs);
  });
  afterAll(() => testDb?.drop());
  beforeEach(async () => {
    await testDb.database.db.delete(files);
  });

  const image = (bytes: NewFile['bytes'], extra: Partial<NewFile> = {}) => service.store({ appId: APP, uploaderId: 'alice', kind: 'image', name: 'photo', bytes, ...extra });
  const file = (bytes: NewFile['bytes'], extra: Partial<NewFile> = {}) => service.store({ appId: APP, uploaderId: 'alice', kind: 'file', name: 'doc.bin', bytes, ...extra });
  const bytesOf = async (fileId: string) => Buffer.concat(await (await service.open(fileId))!.toArray());
  const storedCount = async () => (await testDb.database.db.select({ n: count() }).from(files))[0].n;

  /** Runs the call, expects an AppError with this code and status, and that nothing was stored. */
  async function expectRejected(call: Promise<unknown>, code: number, httpStatus: number): Promise<AppError> {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, httpStatus });
    expect(await storedCount()).toBe(0);
    return error as AppError;
  }

  describe('images', () => {
    it.each([
      ['PNG', PNG_3x2, 'image/png', 3, 2],
      ['JPEG', JPEG_3x2, 'image/jpeg', 3, 2],
      ['GIF', GIF_5x4, 'image/gif', 5, 4],
      ['BMP', BMP_2x2, 'image/bmp', 2, 2],
      ['WebP', WEBP_4x3, 'image/webp', 4, 3],
    ])('stores a %s with its sniffed type and measured size', async (_label, bytes, contentType, width, height) => {
      const info = await image(bytes, { declaredType: 'application/x-lies' });
      expect(info).toEqual({
        fileId: expect.stringMatching(/^[0-9a-f]{32}$/),
        appId: APP,
        uploaderId: 'alice',
        kind: 'image',
        contentType,
        name: 'photo',
        size: bytes.length,
        width,
        height,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        createdAt: clock.now(),
      });
      expect(info).not.toHaveProperty('data');
      expect((await bytesOf(info.fileId)).equals(bytes)).toBe(true);
    });

    it('gives every upload its own id', async () => {
      const a = await image(PNG_3x2);
      const b = await image(PNG_3x2);
      expect(a.fileId).not.toBe(b.fileId);
      expect(a.sha256).toBe(b.sha256);
    });

    it('trusts the bytes over the declared type', async () => {
      const info = await image(PNG_3x2, { declaredType: 'image/jpeg', name: 'photo.jpg' });
      expect(info.contentType).toBe('image/png');
    });

    it('rejects text named and declared as an image with 415', async () => {
      const text = Buffer.from('this is not a picture, it is text\n');
      const error = await expectRejected(image(text, { name: 'photo.png', declaredType: 'image/jpeg' }), 90002, 415);
      expect(error.message).toBe('The upload is not a supported image: images must be JPEG, PNG, GIF, WebP or BMP');
    });

    it('rejects unsupported image formats such as SVG', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      await expectRejected(image(svg, { declaredType: 'image/svg+xml' }), 90002, 415);
    });

    it('rejects an image whose header is truncated', async () => {
      const error = await expectRejected(image(PNG_3x2.subarray(0, 12)), 90002, 400);
      expect(error.message).toBe('The image starts like a PNG but its header is truncated or corrupt');
    });

    it('rejects one byte over 10 MiB with 413 and accepts exactly 10 MiB', async () => {
      const over = Buffer.concat([PNG_3x2, Buffer.alloc(IMAGE_MAX_BYTES + 1 - PNG_3x2.length)]);
      const error = await expectRejected(image(over), 93000, 413);
      expect(error.message).toBe('The image is 10.0 MB (10485761 bytes); images may be at most 10 MB (10485760 bytes)');
      const info = await image(over.subarray(0, IMAGE_MAX_BYTES));
      expect(info.size).toBe(IMAGE_MAX_BYTES);
    });

    it('states the size of a clearly oversized image', async () => {
      const big = Buffer.concat([PNG_3x2, Buffer.alloc(Math.round(12.3 * 1024 * 1024) - PNG_3x2.length)]);
      const error = await expectRejected(image(big), 93000, 413);
      expect(error.message).toMatch(/^The image is 12\.3 MB \(\d+ bytes\); images may be at most 10 MB/);
    });
  });

  describe('files', () => {
    it('stores any bytes, without dimensions, under a sanitised declared type', async () => {
      const bytes = Buffer.from('%PDF-1.7 pretend');
      const info = await file(bytes, { name: 'report.pdf', declaredType: 'Application/PDF; name="x"' });
      expect(info).toMatchObject({ kind: 'file', contentType: 'application/pdf', name: 'report.pdf', size: bytes.length, width: null, height: null });
      expect((await bytesOf(info.fileId)).equals(bytes)).toBe(true);
    });

    it.each([
      [undefined, 'application/octet-stream'],
      ['', 'application/octet-stream'],
      ['garbage', 'application/octet-stream'],
      ['text/html\r\nX-Evil: 1', 'application/octet-stream'],
      ['text/plain; charset=utf-8', 'text/plain'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ])('declared type %j is stored as %s', async (declaredType, expected) => {
      expect((await file(Buffer.from('x'), { declaredType })).contentType).toBe(expected);
    });

    it('does not sniff or measure files, even when the bytes are an image', async () => {
      const info = await file(PNG_3x2, { declaredType: 'application/zip' });
      expect(info).toMatchObject({ contentType: 'application/zip', width: null, height: null });
    });

    it('allows files up to 20 MiB and rejects one byte more with 413', async () => {
      const error = await expectRejected(file(Buffer.alloc(FILE_MAX_BYTES + 1, 1)), 93000, 413);
      expect(error.message).toBe('The file is 20.0 MB (20971521 bytes); files may be at most 20 MB (20971520 bytes)');
      const image15 = Buffer.concat([PNG_3x2, Buffer.alloc(15 * 1024 * 1024)]);
      expect((await file(image15)).size).toBe(image15.length);
    });
  });

  it.each(['image', 'file'] as const)('rejects an empty %s', async (kind) => {
    const error = await expectRejected(service.store({ appId: APP, uploaderId: 'alice', kind, name: 'x', bytes: Buffer.alloc(0) }), 90002, 400);
    expect(error.message).toBe(`The ${kind} is empty (0 bytes)`);
  });

  it('rejects an unknown kind', async () => {
    const bad = { appId: APP, uploaderId: 'alice', kind: 'video', name: 'x', bytes: PNG_3x2 } as unknown as NewFile;
    const error = await expectRejected(service.store(bad), 90002, 400);
    expect(error.message).toBe('kind must be "image" or "file" (got "video")');
  });

  describe('names', () => {
    const long = 'a'.repeat(NAME_MAX + 45);
    const emoji = '😀'.repeat(NAME_MAX + 1);
    it.each([
      ['../../etc/passwd', 'passwd'],
      ['C:\\Users\\bob\\report.pdf', 'report.pdf'],
      ['/abs/dir/', 'dir'],
      ['  spaced name.txt  ', 'spaced name.txt'],
      ['a\u0000b\nc\td\u007f.txt', 'abcd.txt'],
      ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
      ['..', 'file'],
      ['../..', 'file'],
      ['\u0001\u0002', 'file'],
      ['', 'file'],
      ['中文 名字.docx', '中文 名字.docx'],
      [long, 'a'.repeat(NAME_MAX)],
      [emoji, '😀'.repeat(NAME_MAX)],
    ])('%j is stored as %j', async (name, expected) => {
      expect((await file(Buffer.from('x'), { name })).name).toBe(expected);
    });
  });

  describe('lookups', () => {
    it('scopes info to the app and never returns the bytes', async () => {
      const stored = await image(PNG_3x2);
      const info = await service.info(APP, stored.fileId);
      expect(info).toEqual(stored);
      expect(info).not.toHaveProperty('data');
      expect(await service.info(OTHER_APP, stored.fileId)).toBeUndefined();
    });

    it('serves get across apps, since the id is the capability', async () => {
      const stored = await service.store({ appId: OTHER_APP, uploaderId: 'bob', kind: 'file', name: 'b.txt', bytes: Buffer.from('bob') });
      expect(await service.get(stored.fileId)).toEqual(stored);
      expect((await bytesOf(stored.fileId)).toString()).toBe('bob');
    });

    it('returns undefined for unknown and malformed ids', async () => {
      const stored = await image(PNG_3x2);
      expect(await service.get('0'.repeat(32))).toBeUndefined();
      expect(await service.get(stored.fileId.toUpperCase())).toBeUndefined();
      expect(await service.get(`${stored.fileId}' OR '1'='1`)).toBeUndefined();
      expect(await service.info(APP, stored.fileId.slice(0, 31))).toBeUndefined();
    });
  });

  describe('streams and limits', () => {
    const slowly = (...parts: Buffer[]) => Readable.from(parts);
    const stagingLeft = async () => (await fs.promises.readdir(blobs.stagingDir).catch(() => [])).length;

    it('stores a streamed upload, measuring and hashing it on the way', async () => {
      const parts = [PNG_3x2.subarray(0, 10), PNG_3x2.subarray(10), Buffer.alloc(3 * 1024 * 1024, 7)];
      const whole = Buffer.concat(parts);
      const info = await image(slowly(...parts));
      expect(info).toMatchObject({ width: 3, height: 2, size: whole.length, sha256: createHash('sha256').update(whole).digest('hex') });
      expect((await bytesOf(info.fileId)).equals(whole)).toBe(true);
      expect(await stagingLeft()).toBe(0);
    });

    it('refuses a stream that goes past the limit with 413 while it arrives, leaving nothing behind', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 1);
      const error = await expectRejected(file(slowly(...Array.from({ length: 21 }, () => chunk))), 93000, 413);
      expect(error.message).toBe('The file is larger than 20 MB; files may be at most 20 MB (20971520 bytes)');
      expect(await stagingLeft()).toBe(0);
    });

    it('refuses an image whose header claims a height of 2^31 with 400, not a database error', async () => {
      const huge = Buffer.from(PNG_3x2);
      huge.writeUInt32BE(2 ** 31, 20); // IHDR height
      const error = await expectRejected(image(huge), 90002, 400);
      expect(error.message).toBe("The image's header claims 3 × 2147483648 pixels; images may be at most 65535 pixels wide and high");
      expect(await stagingLeft()).toBe(0);
    });

    it('measures a JPEG whose frame header lies beyond the first bytes kept in memory', async () => {
      // Five 64 KB APP2 segments (as large ICC profiles are) between SOI and the frame header.
      const app2 = Buffer.concat([Buffer.from([0xff, 0xe2, 0xff, 0xff]), Buffer.alloc(0xffff - 2)]);
      const jpeg = Buffer.concat([JPEG_3x2.subarray(0, 2), ...Array.from({ length: 5 }, () => app2), JPEG_3x2.subarray(2)]);
      expect(jpeg.length).toBeGreaterThan(HEAD_BYTES);
      expect(await image(jpeg)).toMatchObject({ contentType: 'image/jpeg', width: 3, height: 2 });
    });

    it('keeps the bytes where the database kind says: on disk with PGlite, in 1 MiB chunks with PostgreSQL', async () => {
      const bytes = Buffer.alloc(2.5 * 1024 * 1024, 9);
      const info = await file(bytes);
      const chunks = await testDb.database.db.select({ index: fileChunks.index }).from(fileChunks).where(eq(fileChunks.fileId, info.fileId));
      if (testDb.database.kind === 'pglite') {
        expect(chunks).toEqual([]);
        const onDisk = await fs.promises.readFile(path.join(testDb.database.filesDir!, info.fileId.slice(0, 2), info.fileId));
        expect(onDisk.equals(bytes)).toBe(true);
      } else {
        expect(chunks.map((c) => c.index).sort()).toEqual([0, 1, 2]);
      }
      expect((await bytesOf(info.fileId)).equals(bytes)).toBe(true);
    });
  });
});

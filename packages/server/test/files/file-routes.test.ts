import { createHash } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { count } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBlobStore } from '../../src/files/blob-store.ts';
import { FileService } from '../../src/files/file-service.ts';
import { FILE_MAX_BYTES, IMAGE_MAX_BYTES } from '../../src/files/limits.ts';
import { files as filesTable } from '../../src/files/schema.ts';
import { fileRoutes } from '../../src/gateways/chat/file-routes.ts';
import { UploadSlots } from '../../src/gateways/chat/upload-slots.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { createTestDatabase, type TestDatabase } from '../harness.ts';
import { PNG_3x2 } from './fixtures.ts';

const APP = 1_600_000_021;
const PREFIX = '/chat/v1';
const fileUrl = (id: string) => `https://parley.test${PREFIX}/files/${id}`;
const pathOf = (url: string) => new URL(url).pathname;

/** Stands in for the chat gateway's session check. */
async function fakeAuthenticate(request: FastifyRequest) {
  const user = request.headers['x-test-user'];
  if (typeof user !== 'string' || !user) throw new AppError(70001, 'Sign in to upload files', 401);
  return { appId: APP, userId: user };
}

async function buildApp(files: FileService, logs: string[] = [], slots?: UploadSlots): Promise<FastifyInstance> {
  const stream = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
  const app = Fastify({ logger: { level: 'error', stream } });
  await app.register(fileRoutes, { prefix: PREFIX, files, authenticate: fakeAuthenticate, fileUrl, slots });
  await app.ready();
  return app;
}

describe('file routes', () => {
  let testDb: TestDatabase;
  let files: FileService;
  let app: FastifyInstance;
  const slots = new UploadSlots();

  beforeAll(async () => {
    testDb = await createTestDatabase();
    files = new FileService(testDb.database.db, new ManualClock(), createBlobStore(testDb.database.db, testDb.database.filesDir));
    app = await buildApp(files, [], slots);
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  const storedCount = async () => (await testDb.database.db.select({ n: count() }).from(filesTable))[0].n;
  const upload = (kind: string, payload: Buffer | string | Readable, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `${PREFIX}/files?kind=${kind}`, payload, headers: { 'x-test-user': 'alice', ...headers } });

  it('uploads an image and serves the same bytes inline under its sniffed type', async () => {
    const res = await upload('image', PNG_3x2, { 'content-type': 'image/jpeg', 'x-file-name': encodeURIComponent('猫 photo.png') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'image', contentType: 'image/png', name: '猫 photo.png', size: PNG_3x2.length, width: 3, height: 2 });
    expect(body.fileId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.url).toBe(fileUrl(body.fileId));
    expect(body.element).toMatchObject({ MsgType: 'TIMImageElem', MsgContent: { UUID: body.fileId, ImageFormat: 3 } });
    expect(body.element.MsgContent.ImageInfoArray.map((i: { Type: number; URL: string }) => [i.Type, i.URL])).toEqual([1, 2, 3].map((t) => [t, body.url]));
    expect((await files.info(APP, body.fileId))?.uploaderId).toBe('alice');

    const download = await app.inject({ method: 'GET', url: pathOf(body.url) });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG_3x2)).toBe(true);
    expect(download.headers).toMatchObject({
      'content-type': 'image/png',
      'content-disposition': 'inline',
      'content-length': String(PNG_3x2.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'",
      'cache-control': 'private, max-age=31536000, immutable',
      etag: `"${createHash('sha256').update(PNG_3x2).digest('hex')}"`,
    });
  });

  it('serves files as attachments of type application/octet-stream, whatever was declared', async () => {
    const html = Buffer.from('<script>alert(document.cookie)</script>');
    const res = await upload('file', html, { 'content-type': 'text/html', 'x-file-name': encodeURIComponent(`bad "name" (1)'s.html`) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'file', contentType: 'text/html', width: null, height: null, element: { MsgType: 'TIMFileElem' } });
    const download = await app.inject({ method: 'GET', url: pathOf(res.json().url) });
    expect(download.rawPayload.equals(html)).toBe(true);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''bad%20%22name%22%20%281%29%27s.html");
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps JSON and untyped uploads as raw bytes', async () => {
    const json = Buffer.from('{ "kept": "exactly" }');
    const typed = await upload('file', json, { 'content-type': 'application/json' });
    expect(typed.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: pathOf(typed.json().url) })).rawPayload.equals(json)).toBe(true);

    const untyped = await upload('file', Buffer.from([0, 1, 2, 255]));
    expect(untyped.statusCode).toBe(200);
    expect(untyped.json()).toMatchObject({ contentType: 'application/octet-stream', name: 'file', size: 4 });
  });

  it('keeps a malformed x-file-name as sent, sanitised', async () => {
    const res = await upload('file', 'x', { 'x-file-name': '../%E0%A4%A.txt' });
    expect(res.json().name).toBe('%E0%A4%A.txt');
  });

  it('refuses uploads without a signed-in user with 401, storing nothing', async () => {
    const before = await storedCount();
    const res = await app.inject({ method: 'POST', url: `${PREFIX}/files?kind=image`, payload: PNG_3x2 });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 70001, message: 'Sign in to upload files' } });
    expect(await storedCount()).toBe(before);
  });

  it.each([
    ['', 'kind must be "image" or "file" (got missing)'],
    ['video', 'kind must be "image" or "file" (got "video")'],
  ])('refuses kind=%j with 400', async (kind, message) => {
    const url = kind ? `${PREFIX}/files?kind=${kind}` : `${PREFIX}/files`;
    const res = await app.inject({ method: 'POST', url, payload: 'x', headers: { 'x-test-user': 'alice' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 90002, message } });
  });

  it('refuses text uploaded as an image with 415 and an empty upload with 400', async () => {
    const text = await upload('image', 'not an image', { 'content-type': 'image/png' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ error: { code: 90002 } });
    const empty = await upload('file', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: { code: 90002, message: 'The file is empty (0 bytes)' } });
  });

  it('refuses an image over 10 MiB with 413 and its size', async () => {
    const res = await upload('image', Buffer.concat([PNG_3x2, Buffer.alloc(IMAGE_MAX_BYTES + 1 - PNG_3x2.length)]));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 93000, message: 'The image is 10.0 MB (10485761 bytes); images may be at most 10 MB (10485760 bytes)' } });
  });

  it('refuses a file over 20 MiB with 413, by Content-Length', async () => {
    const res = await upload('file', Buffer.alloc(FILE_MAX_BYTES + 2));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 93000, message: 'The file is 20.0 MB (20971522 bytes); files may be at most 20 MB (20971520 bytes)' } });
  });

  it('refuses a streamed body over the limit with 413 when no Content-Length was sent', async () => {
    const chunk = Buffer.alloc(1024 * 1024);
    const stream = Readable.from(Array.from({ length: 21 }, () => chunk));
    const res = await upload('file', stream, { 'transfer-encoding': 'chunked' });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 93000, message: 'The file is larger than 20 MB; files may be at most 20 MB (20971520 bytes)' } });
    expect(res.headers.connection).toBe('close'); // the rest of the body is not read
    expect(slots.inProgress()).toBe(0);
  });

  it('lets one person upload two files at a time, refusing a third with 429 until one finishes', async () => {
    const bodies = [new PassThrough(), new PassThrough()];
    const pending = bodies.map((body) => upload('file', body, { 'transfer-encoding': 'chunked' }));
    await vi.waitFor(() => expect(slots.inProgress(`${APP}:alice`)).toBe(2));

    const third = await upload('file', 'x');
    expect(third.statusCode).toBe(429);
    expect(third.json()).toEqual({ error: { code: 141009, message: 'At most 2 uploads at a time; wait for one to finish' } });
    expect((await upload('file', 'x', { 'x-test-user': 'bob' })).statusCode).toBe(200); // others are not held up

    for (const body of bodies) body.end(Buffer.alloc(64 * 1024, 1));
    expect((await Promise.all(pending)).map((res) => res.statusCode)).toEqual([200, 200]);
    expect(slots.inProgress()).toBe(0);
    expect((await upload('file', 'x')).statusCode).toBe(200);
  });

  it('bounds the uploads of the whole process with 503', async () => {
    const tight = new UploadSlots({ perUploader: 2, perProcess: 1 });
    const tightApp = await buildApp(files, [], tight);
    try {
      const body = new PassThrough();
      const first = tightApp.inject({ method: 'POST', url: `${PREFIX}/files?kind=file`, payload: body, headers: { 'x-test-user': 'carol', 'transfer-encoding': 'chunked' } });
      await vi.waitFor(() => expect(tight.inProgress()).toBe(1));
      const second = await tightApp.inject({ method: 'POST', url: `${PREFIX}/files?kind=file`, payload: 'x', headers: { 'x-test-user': 'dave' } });
      expect(second.statusCode).toBe(503);
      expect(second.json()).toMatchObject({ error: { code: 141009 } });
      body.end('done');
      expect((await first).statusCode).toBe(200);
    } finally {
      await tightApp.close();
    }
  });

  it('streams a multi-megabyte download back byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 7) % 256));
    const res = await upload('file', bytes);
    const download = await app.inject({ method: 'GET', url: pathOf(res.json().url) });
    expect(download.headers['content-length']).toBe(String(bytes.length));
    expect(download.rawPayload.equals(bytes)).toBe(true);
  });

  describe('downloads', () => {
    let url: string;
    let etag: string;
    beforeAll(async () => {
      const res = await upload('image', PNG_3x2);
      url = pathOf(res.json().url);
      etag = `"${createHash('sha256').update(PNG_3x2).digest('hex')}"`;
    });

    it('need no authentication', async () => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
    });

    it.each([`${PREFIX}/files/${'0'.repeat(32)}`, `${PREFIX}/files/not-an-id`, `${PREFIX}/files/..%2F..%2Fetc%2Fpasswd`])('404 for %s', async (missing) => {
      const res = await app.inject({ method: 'GET', url: missing });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 404, message: 'No such file' } });
    });

    it.each([
      ['the exact ETag', (e: string) => e],
      ['a weak ETag', (e: string) => `W/${e}`],
      ['a list containing it', (e: string) => `"other", ${e}`],
      ['*', () => '*'],
    ])('answers 304 without a body for %s', async (_label, header) => {
      const res = await app.inject({ method: 'GET', url, headers: { 'if-none-match': header(etag) } });
      expect(res.statusCode).toBe(304);
      expect(res.rawPayload.length).toBe(0);
      expect(res.headers.etag).toBe(etag);
    });

    it('answers 200 when If-None-Match names another version', async () => {
      const res = await app.inject({ method: 'GET', url, headers: { 'if-none-match': '"0000"' } });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(PNG_3x2)).toBe(true);
    });
  });

  it('answers unexpected failures with 500 and code 141002, without details, and logs them', async () => {
    const broken = Object.assign(Object.create(FileService.prototype), {
      store: async () => {
        throw new Error('connection to db-secret-host refused');
      },
      get: async () => {
        throw new Error('connection to db-secret-host refused');
      },
    }) as FileService;
    const logs: string[] = [];
    const brokenApp = await buildApp(broken, logs);
    try {
      for (const res of [
        await brokenApp.inject({ method: 'POST', url: `${PREFIX}/files?kind=file`, payload: 'x', headers: { 'x-test-user': 'alice' } }),
        await brokenApp.inject({ method: 'GET', url: `${PREFIX}/files/${'a'.repeat(32)}` }),
      ]) {
        expect(res.statusCode).toBe(500);
        expect(res.json()).toEqual({ error: { code: 141002, message: 'Internal error, please retry' } });
        expect(res.body).not.toContain('db-secret-host');
      }
      expect(logs.join('')).toContain('db-secret-host');
    } finally {
      await brokenApp.close();
    }
  });
});

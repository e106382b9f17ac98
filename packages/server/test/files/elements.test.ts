import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileElement, imageElement, MEDIA_TYPES, resolveMediaElement, type MediaContext } from '../../src/files/elements.ts';
import { createBlobStore } from '../../src/files/blob-store.ts';
import { FileService, type FileInfo } from '../../src/files/file-service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { createTestDatabase, type TestDatabase } from '../harness.ts';
import { BMP_2x2, GIF_5x4, JPEG_3x2, PNG_3x2, WEBP_4x3 } from './fixtures.ts';

const APP = 1_600_000_011;
const OTHER_APP = 1_600_000_012;
const fileUrl = (id: string) => `https://parley.test/chat/v1/files/${id}`;
const CLIENT_URL = 'https://evil.example/tracker.png';

describe('media elements', () => {
  let testDb: TestDatabase;
  let files: FileService;
  let alicePng: FileInfo;
  let aliceDoc: FileInfo;
  let bobPng: FileInfo;
  let otherAppPng: FileInfo;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    files = new FileService(testDb.database.db, new ManualClock(), createBlobStore(testDb.database.db, testDb.database.filesDir));
    const store = (appId: number, uploaderId: string, kind: 'image' | 'file', bytes: Buffer, name = 'x') => files.store({ appId, uploaderId, kind, name, bytes });
    alicePng = await store(APP, 'alice', 'image', PNG_3x2, 'cat.png');
    aliceDoc = await store(APP, 'alice', 'file', Buffer.from('hello'), 'notes.txt');
    bobPng = await store(APP, 'bob', 'image', PNG_3x2);
    // Same uploader name in another app: ids must not cross apps.
    otherAppPng = await store(OTHER_APP, 'alice', 'image', PNG_3x2);
  });
  afterAll(() => testDb?.drop());

  const customer = (extra: Partial<MediaContext> = {}): MediaContext => ({ files, appId: APP, uploaderId: 'alice', fileUrl, ...extra });
  const rest = (extra: Partial<MediaContext> = {}): MediaContext => ({ files, appId: APP, fileUrl, ...extra });
  const clientImage = (uuid: unknown) => ({
    MsgType: 'TIMImageElem',
    MsgContent: { UUID: uuid, ImageFormat: 1, ImageInfoArray: [{ Type: 1, Size: 999_999, Width: 9000, Height: 9000, URL: CLIENT_URL }] },
  });
  const clientFile = (uuid: unknown) => ({
    MsgType: 'TIMFileElem',
    MsgContent: { UUID: uuid, Url: CLIENT_URL, FileSize: 1, FileName: 'evil.exe', Download_Flag: 2 },
  });

  async function expectInvalid(element: unknown, ctx: MediaContext, message: string) {
    const error = await resolveMediaElement(element, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 90002, message });
  }

  it('exports the media element types', () => {
    expect(MEDIA_TYPES).toEqual(['TIMImageElem', 'TIMFileElem']);
  });

  describe('imageElement and fileElement', () => {
    it('describe a stored image with the same URL for original, large and thumbnail', () => {
      const info = { Size: alicePng.size, Width: 3, Height: 2, URL: 'u' };
      expect(imageElement(alicePng, 'u')).toEqual({
        MsgType: 'TIMImageElem',
        MsgContent: { UUID: alicePng.fileId, ImageFormat: 3, ImageInfoArray: [1, 2, 3].map((Type) => ({ Type, ...info })) },
      });
    });

    it.each([
      [JPEG_3x2, 1],
      [GIF_5x4, 2],
      [PNG_3x2, 3],
      [BMP_2x2, 4],
      [WEBP_4x3, 255],
    ])('maps the sniffed type to ImageFormat %#', async (bytes, format) => {
      const info = await files.store({ appId: APP, uploaderId: 'carol', kind: 'image', name: 'i', bytes });
      expect(imageElement(info, 'u').MsgContent.ImageFormat).toBe(format);
    });

    it('describe a stored file for download', () => {
      expect(fileElement(aliceDoc, 'u')).toEqual({
        MsgType: 'TIMFileElem',
        MsgContent: { Url: 'u', UUID: aliceDoc.fileId, FileSize: 5, FileName: 'notes.txt', Download_Flag: 2 },
      });
    });
  });

  describe('a customer sending', () => {
    it('gets their image rebuilt from the record, ignoring the client URL and sizes', async () => {
      const resolved = await resolveMediaElement(clientImage(alicePng.fileId), customer());
      expect(resolved).toEqual(imageElement(alicePng, fileUrl(alicePng.fileId)));
      expect(JSON.stringify(resolved)).not.toContain('evil.example');
    });

    it('gets their file rebuilt from the record, ignoring the client name and URL', async () => {
      const resolved = await resolveMediaElement(clientFile(aliceDoc.fileId), customer());
      expect(resolved).toEqual(fileElement(aliceDoc, fileUrl(aliceDoc.fileId)));
    });

    it("cannot send another user's image", async () => {
      await expectInvalid(clientImage(bobPng.fileId), customer({ index: 2 }), 'MsgBody[2].MsgContent.UUID does not name an image you uploaded');
    });

    it('cannot send their own upload from another app', async () => {
      await expectInvalid(clientImage(otherAppPng.fileId), customer(), 'MsgBody[0].MsgContent.UUID does not name an image you uploaded');
    });

    it('cannot send a file as an image or an image as a file', async () => {
      await expectInvalid(clientImage(aliceDoc.fileId), customer({ index: 1 }), 'MsgBody[1].MsgContent.UUID names a file, but MsgBody[1].MsgType is TIMImageElem');
      await expectInvalid(clientFile(alicePng.fileId), customer(), 'MsgBody[0].MsgContent.UUID names an image, but MsgBody[0].MsgType is TIMFileElem');
    });

    it('cannot send an external URL', async () => {
      await expectInvalid(clientImage(undefined), customer(), 'MsgBody[0].MsgContent.UUID does not name an image you uploaded');
      await expectInvalid(clientFile('0'.repeat(32)), customer(), 'MsgBody[0].MsgContent.UUID does not name a file you uploaded');
    });
  });

  describe('the business server sending (REST)', () => {
    it("may reference any of the app's files, rebuilt from the record", async () => {
      expect(await resolveMediaElement(clientImage(bobPng.fileId), rest())).toEqual(imageElement(bobPng, fileUrl(bobPng.fileId)));
      await expectInvalid(clientFile(bobPng.fileId), rest(), 'MsgBody[0].MsgContent.UUID names an image, but MsgBody[0].MsgType is TIMFileElem');
    });

    it('may send a well-formed external image; unknown fields are dropped', async () => {
      const element = {
        MsgType: 'TIMImageElem',
        MsgContent: {
          UUID: 'tencent-uuid',
          ImageFormat: 1,
          Extra: '<script>',
          ImageInfoArray: [
            { Type: 1, Size: 10, Width: 4, Height: 3, URL: 'https://cdn.example/a.jpg', Junk: true },
            { Type: 3, URL: 'http://cdn.example/a_small.jpg' },
          ],
        },
      };
      expect(await resolveMediaElement(element, rest())).toEqual({
        MsgType: 'TIMImageElem',
        MsgContent: {
          UUID: 'tencent-uuid',
          ImageFormat: 1,
          ImageInfoArray: [
            { Type: 1, Size: 10, Width: 4, Height: 3, URL: 'https://cdn.example/a.jpg' },
            { Type: 3, URL: 'http://cdn.example/a_small.jpg' },
          ],
        },
      });
    });

    it("treats another app's file id like any external UUID", async () => {
      const element = clientImage(otherAppPng.fileId);
      expect(await resolveMediaElement(element, rest())).toEqual({ MsgType: 'TIMImageElem', MsgContent: element.MsgContent });
      await expectInvalid(
        { MsgType: 'TIMImageElem', MsgContent: { UUID: otherAppPng.fileId } },
        rest(),
        'MsgBody[0].MsgContent.ImageInfoArray must be a non-empty array (or MsgBody[0].MsgContent.UUID must name an image uploaded to this app)',
      );
    });

    const image = (info: unknown) => ({ MsgType: 'TIMImageElem', MsgContent: { ImageInfoArray: [info] } });
    it.each([
      [image('x'), 'MsgBody[0].MsgContent.ImageInfoArray[0] must be an object'],
      [image({ Type: '1', URL: 'https://a.example/x' }), 'MsgBody[0].MsgContent.ImageInfoArray[0].Type must be 1 (original), 2 (large) or 3 (thumbnail)'],
      [image({ Type: 7, URL: 'https://a.example/x' }), 'MsgBody[0].MsgContent.ImageInfoArray[0].Type must be 1 (original), 2 (large) or 3 (thumbnail)'],
      [image({ Type: 1 }), 'MsgBody[0].MsgContent.ImageInfoArray[0].URL must be an http(s) URL'],
      [image({ Type: 1, URL: 'javascript:alert(1)' }), 'MsgBody[0].MsgContent.ImageInfoArray[0].URL must be an http(s) URL'],
      [image({ Type: 1, URL: 'ftp://a.example/x' }), 'MsgBody[0].MsgContent.ImageInfoArray[0].URL must be an http(s) URL'],
      [image({ Type: 1, URL: 'https://a.example/x', Width: -1 }), 'MsgBody[0].MsgContent.ImageInfoArray[0].Width must be a non-negative number'],
      [
        { MsgType: 'TIMImageElem', MsgContent: { ImageInfoArray: [] } },
        'MsgBody[0].MsgContent.ImageInfoArray must be a non-empty array (or MsgBody[0].MsgContent.UUID must name an image uploaded to this app)',
      ],
      [{ MsgType: 'TIMImageElem', MsgContent: { UUID: 5, ImageInfoArray: [{ Type: 1, URL: 'https://a.example/x' }] } }, 'MsgBody[0].MsgContent.UUID must be a string'],
    ])('rejects a malformed external image %#', async (element, message) => {
      await expectInvalid(element, rest(), message);
    });

    it('may send a well-formed external file', async () => {
      const element = { MsgType: 'TIMFileElem', MsgContent: { Url: 'https://cdn.example/r.pdf', FileSize: 1234, FileName: 'r.pdf', Download_Flag: 0, Other: 1 } };
      expect(await resolveMediaElement(element, rest())).toEqual({
        MsgType: 'TIMFileElem',
        MsgContent: { Url: 'https://cdn.example/r.pdf', FileSize: 1234, FileName: 'r.pdf', Download_Flag: 2 },
      });
    });

    const file = (content: Record<string, unknown>) => ({ MsgType: 'TIMFileElem', MsgContent: { Url: 'https://cdn.example/r.pdf', FileSize: 1, FileName: 'r.pdf', ...content } });
    it.each([
      [file({ Url: undefined }), 'MsgBody[3].MsgContent.Url must be an http(s) URL (or MsgBody[3].MsgContent.UUID must name a file uploaded to this app)'],
      [file({ Url: 'file:///etc/passwd' }), 'MsgBody[3].MsgContent.Url must be an http(s) URL'],
      [file({ Url: 42 }), 'MsgBody[3].MsgContent.Url must be an http(s) URL'],
      [file({ FileSize: '1' }), 'MsgBody[3].MsgContent.FileSize must be a non-negative number'],
      [file({ FileSize: undefined }), 'MsgBody[3].MsgContent.FileSize must be a non-negative number'],
      [file({ FileName: undefined }), 'MsgBody[3].MsgContent.FileName must be a string'],
    ])('rejects a malformed external file %#', async (element, message) => {
      await expectInvalid(element, rest({ index: 3 }), message);
    });
  });

  it.each([
    [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }, 'MsgBody[0].MsgType must be one of TIMImageElem, TIMFileElem'],
    [null, 'MsgBody[0].MsgType must be one of TIMImageElem, TIMFileElem'],
    [{ MsgType: 'TIMImageElem', MsgContent: 'x' }, 'MsgBody[0].MsgContent must be an object'],
  ])('rejects what is not a media element %#', async (element, message) => {
    await expectInvalid(element, rest(), message);
    await expectInvalid(element, customer(), message);
  });
});

import { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { elementFor, FileErrorCodes, maxBytesFor, parseKind, tooLarge, type FileInfo, type FileService, type FileKind } from '../../files/index.ts';
import { AppError } from '../../platform/errors.ts';
import { UploadSlots } from './upload-slots.ts';

export interface FileRoutesOptions {
  files: FileService;
  /** Throws AppError (httpStatus 401) when the caller is not a signed-in customer. */
  authenticate: (request: FastifyRequest) => Promise<{ appId: number; userId: string }>;
  fileUrl: (fileId: string) => string;
  /** Uploads in progress, bounded per uploader and per process; each registration has its own by default. */
  slots?: UploadSlots;
}

interface Upload {
  appId: number;
  userId: string;
  kind: FileKind;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; img-src 'self'",
  // The id names immutable bytes, so clients may cache forever.
  'cache-control': 'private, max-age=31536000, immutable',
};

/** Upload (`POST /files`) and download (`GET /files/:fileId`); an encapsulated plugin, so its parser and error handler stay local. */
export async function fileRoutes(app: FastifyInstance, opts: FileRoutesOptions) {
  const { files, authenticate, fileUrl } = opts;
  const slots = opts.slots ?? new UploadSlots();
  const uploads = new WeakMap<FastifyRequest, Upload>();

  // Uploads are raw bytes of any type; inherited parsers (JSON) would mangle a .json file. The body
  // is handed over as the stream it is: the file service writes it to storage as it arrives and
  // enforces the size limit on the way, so no upload is ever held in memory whole.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.setErrorHandler(fileErrorHandler);

  app.post('/files', {
    // Authenticate, check the declared length and take an upload slot before the body is read, so
    // strangers cannot make us receive 20 MB and nobody can receive many at once.
    onRequest: async (request, reply) => {
      const { appId, userId } = await authenticate(request);
      const kind = parseKind((request.query as Record<string, unknown>).kind);
      const declared = Number(request.headers['content-length']);
      if (declared > maxBytesFor(kind)) throw tooLarge(kind, declared);
      const release = slots.acquire(`${appId}:${userId}`);
      reply.raw.once('close', release);
      uploads.set(request, { appId, userId, kind });
    },
    handler: async (request) => {
      const upload = uploads.get(request)!;
      const info = await files.store({
        appId: upload.appId,
        uploaderId: upload.userId,
        kind: upload.kind,
        name: decodeName(request.headers['x-file-name']),
        declaredType: request.headers['content-type'],
        bytes: request.body instanceof Readable ? request.body : Buffer.alloc(0),
      });
      const url = fileUrl(info.fileId);
      const { fileId, kind, contentType, name, size, width, height } = info;
      return { fileId, url, kind, contentType, name, size, width, height, element: elementFor(info, url) };
    },
  });

  app.get('/files/:fileId', async (request, reply) => {
    const file = await files.get((request.params as { fileId: string }).fileId);
    if (!file) return reply.code(404).send({ error: { code: 404, message: 'No such file' } });
    const etag = `"${file.sha256}"`;
    reply.headers({ ...SECURITY_HEADERS, etag });
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    const bytes = await files.open(file.fileId);
    if (!bytes) throw new Error(`The bytes of file ${file.fileId} are missing from storage`);
    return reply.headers(downloadHeaders(file)).send(bytes);
  });
}

function downloadHeaders(file: FileInfo): Record<string, string | number> {
  const image = file.kind === 'image';
  return {
    // Files are never served as their declared type: an uploaded HTML page must not render on our origin.
    'content-type': image ? file.contentType : 'application/octet-stream',
    'content-disposition': image ? 'inline' : `attachment; filename*=UTF-8''${encodeRfc5987(file.name)}`,
    'content-length': file.size,
  };
}

/** RFC 5987 value: encodeURIComponent leaves ' ( ) * unescaped, which the grammar does not allow. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/** The x-file-name header is URI-encoded so non-ASCII names survive HTTP; a malformed encoding is kept as sent. */
function decodeName(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : (header ?? '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function fileErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  // An upload refused before its end is not read further: close the connection after the answer.
  if (!request.raw.complete) reply.header('connection', 'close');
  if (error instanceof AppError) return reply.code(error.httpStatus).send({ error: { code: error.code, message: error.message } });
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const kind = (request.query as Record<string, unknown>).kind === 'image' ? 'image' : 'file';
    const body = tooLarge(kind, undefined);
    return reply.code(413).send({ error: { code: body.code, message: body.message } });
  }
  // Malformed requests (bad Content-Length, aborted bodies) keep their 4xx status and plain message.
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.code(fastifyError.statusCode).send({ error: { code: FileErrorCodes.invalid, message: fastifyError.message } });
  }
  request.log.error({ err: error }, 'File route failure');
  return reply.code(500).send({ error: { code: FileErrorCodes.internal, message: 'Internal error, please retry' } });
}

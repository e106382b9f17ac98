import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { imageSize } from 'image-size';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { BlobTooLarge, discard, stage, type BlobStore, type StagedBlob } from './blob-store.ts';
import {
  assertSize,
  FileErrorCodes,
  IMAGE_CONTENT_TYPES,
  IMAGE_MAX_SIDE,
  maxBytesFor,
  NAME_MAX,
  parseKind,
  sniffImageType,
  tooLarge,
  unsupportedImage,
  type FileKind,
  type ImageType,
} from './limits.ts';
import { files } from './schema.ts';
import { logFailure } from '../platform/logger.ts';

/** A stored file's record (its bytes are in the blob store): what callers list, reference and echo back. */
export type FileInfo = typeof files.$inferSelect;

export interface NewFile {
  appId: number;
  uploaderId: string;
  kind: FileKind;
  name: string;
  declaredType?: string;
  /** The bytes, or a stream of them (an upload's request body), which is never held in memory whole. */
  bytes: Buffer | Readable;
}

const FILE_ID = /^[0-9a-f]{32}$/;
export const isFileId = (value: unknown): value is string => typeof value === 'string' && FILE_ID.test(value);

/** Images and files customers and agents send in chats: records in the database, bytes in a blob store. */
export class FileService {
  constructor(
    private db: Db,
    private clock: Clock,
    private blobs: BlobStore,
  ) {}

  async store(input: NewFile): Promise<FileInfo> {
    const kind = parseKind(input.kind);
    if (Buffer.isBuffer(input.bytes)) assertSize(kind, input.bytes.length); // the exact size is known: say it
    const staged = await this.stage(kind, input.bytes);
    try {
      assertSize(kind, staged.size);
      const image = kind === 'image' ? await measureImage(staged) : undefined;
      const fileId = randomBytes(16).toString('hex');
      await this.blobs.commit(staged, { appId: input.appId, fileId });
      return await this.insert({
        fileId,
        appId: input.appId,
        uploaderId: input.uploaderId,
        kind,
        contentType: image?.contentType ?? fileContentType(input.declaredType),
        name: sanitizeName(input.name),
        size: staged.size,
        width: image?.width ?? null,
        height: image?.height ?? null,
        sha256: staged.sha256,
        createdAt: this.clock.now(),
      });
    } finally {
      await discard(staged.path); // already moved when committed to disk
    }
  }

  /** Any app's file: the unguessable id is the capability, so downloads need no app scope. */
  async get(fileId: string): Promise<FileInfo | undefined> {
    if (!isFileId(fileId)) return undefined;
    const [row] = await this.db.select().from(files).where(eq(files.fileId, fileId)).limit(1);
    return row;
  }

  /** The bytes of a file `get` found, streamed from the blob store. */
  async open(fileId: string): Promise<Readable | undefined> {
    return isFileId(fileId) ? this.blobs.open(fileId) : undefined;
  }

  async info(appId: number, fileId: string): Promise<FileInfo | undefined> {
    if (!isFileId(fileId)) return undefined;
    const [row] = await this.db
      .select()
      .from(files)
      .where(and(eq(files.appId, appId), eq(files.fileId, fileId)))
      .limit(1);
    return row;
  }

  private async stage(kind: FileKind, bytes: Buffer | Readable): Promise<StagedBlob> {
    try {
      return await stage(Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes, this.blobs.stagingDir, maxBytesFor(kind));
    } catch (error) {
      throw error instanceof BlobTooLarge ? tooLarge(kind, undefined) : error;
    }
  }

  /** The record only ever names committed bytes; bytes whose record failed are removed again. */
  private async insert(record: FileInfo): Promise<FileInfo> {
    try {
      const [info] = await this.db.insert(files).values(record).returning();
      return info;
    } catch (error) {
      await this.blobs.remove(record.fileId).catch(logFailure('files', 'removing the bytes of a file whose record failed', { fileId: record.fileId }));
      throw error;
    }
  }
}

/** image-size's names for the types we sniff; a disagreement means the header lies. */
const MEASURED_TYPE: Record<ImageType, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', webp: 'webp', bmp: 'bmp' };

/**
 * Sniffs the type from magic bytes and reads the dimensions from the header (nothing is decoded).
 * The header is in the staged head, except for JPEGs with large metadata before their frame header:
 * only then is the whole image (at most 10 MB) read back.
 */
async function measureImage(staged: StagedBlob): Promise<{ contentType: string; width: number; height: number }> {
  const type = sniffImageType(staged.head);
  if (!type) throw unsupportedImage();
  const matches = (size: ReturnType<typeof readDimensions>) => size?.type === MEASURED_TYPE[type] && isPositiveInt(size.width) && isPositiveInt(size.height);
  let size = readDimensions(staged.head);
  if (!matches(size) && staged.size > staged.head.length) size = readDimensions(await fs.promises.readFile(staged.path));
  if (!size || !matches(size)) throw new AppError(FileErrorCodes.invalid, `The image starts like a ${type.toUpperCase()} but its header is truncated or corrupt`, 400);
  if (size.width > IMAGE_MAX_SIDE || size.height > IMAGE_MAX_SIDE) {
    throw new AppError(FileErrorCodes.invalid, `The image's header claims ${size.width} × ${size.height} pixels; images may be at most ${IMAGE_MAX_SIDE} pixels wide and high`, 400);
  }
  return { contentType: IMAGE_CONTENT_TYPES[type], width: size.width, height: size.height };
}

function readDimensions(bytes: Buffer) {
  try {
    return imageSize(bytes);
  } catch {
    return undefined; // image-size throws on truncated or malformed headers
  }
}

const isPositiveInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;

// Control characters, and bidi overrides that make "exe.txt" display as "txt.exe".
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The last path segment without unsafe characters, at most NAME_MAX characters; "file" if nothing is left. */
export function sanitizeName(raw: unknown): string {
  const cleaned = String(raw ?? '')
    .normalize('NFC')
    .replace(UNSAFE_CHARS, '');
  const segments = cleaned
    .split(/[\\/]/)
    .map((s) => s.trim())
    .filter((s) => s && s !== '.' && s !== '..');
  const base = Array.from(segments.at(-1) ?? '')
    .slice(0, NAME_MAX)
    .join('')
    .trim();
  return base || 'file';
}

const MIME_ESSENCE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The declared `type/subtype` (parameters dropped) when well-formed; otherwise application/octet-stream. */
export function fileContentType(declared: string | undefined): string {
  const essence = (declared ?? '').split(';')[0].trim().toLowerCase();
  return MIME_ESSENCE.test(essence) ? essence : 'application/octet-stream';
}

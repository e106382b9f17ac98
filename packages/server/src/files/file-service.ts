import { createHash, randomBytes } from 'node:crypto';
import { and, eq, getTableColumns } from 'drizzle-orm';
import { imageSize } from 'image-size';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { assertSize, FileErrorCodes, IMAGE_CONTENT_TYPES, NAME_MAX, parseKind, sniffImageType, unsupportedImage, type FileKind, type ImageType } from './limits.ts';
import { files } from './schema.ts';

export type FileRecord = typeof files.$inferSelect;
/** A stored file without its bytes: what callers list, reference and echo back. */
export type FileInfo = Omit<FileRecord, 'data'>;

export interface NewFile {
  appId: number;
  uploaderId: string;
  kind: FileKind;
  name: string;
  declaredType?: string;
  bytes: Buffer;
}

const { data: _data, ...infoColumns } = getTableColumns(files);

const FILE_ID = /^[0-9a-f]{32}$/;
export const isFileId = (value: unknown): value is string => typeof value === 'string' && FILE_ID.test(value);

/** Images and files customers send in chats, kept in the database so any process can serve them. */
export class FileService {
  constructor(
    private db: Db,
    private clock: Clock,
  ) {}

  async store(input: NewFile): Promise<FileInfo> {
    const kind = parseKind(input.kind);
    assertSize(kind, input.bytes.length);
    const image = kind === 'image' ? measureImage(input.bytes) : undefined;
    const [info] = await this.db
      .insert(files)
      .values({
        fileId: randomBytes(16).toString('hex'),
        appId: input.appId,
        uploaderId: input.uploaderId,
        kind,
        contentType: image?.contentType ?? fileContentType(input.declaredType),
        name: sanitizeName(input.name),
        size: input.bytes.length,
        width: image?.width ?? null,
        height: image?.height ?? null,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
        data: input.bytes,
        createdAt: this.clock.now(),
      })
      .returning(infoColumns);
    return info;
  }

  /** Any app's file: the unguessable id is the capability, so downloads need no app scope. */
  async get(fileId: string): Promise<FileRecord | undefined> {
    if (!isFileId(fileId)) return undefined;
    const [row] = await this.db.select().from(files).where(eq(files.fileId, fileId)).limit(1);
    return row;
  }

  async info(appId: number, fileId: string): Promise<FileInfo | undefined> {
    if (!isFileId(fileId)) return undefined;
    const [row] = await this.db
      .select(infoColumns)
      .from(files)
      .where(and(eq(files.appId, appId), eq(files.fileId, fileId)))
      .limit(1);
    return row;
  }
}

/** image-size's names for the types we sniff; a disagreement means the header lies. */
const MEASURED_TYPE: Record<ImageType, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', webp: 'webp', bmp: 'bmp' };

/** Sniffs the type from magic bytes and reads the dimensions from the header (nothing is decoded). */
function measureImage(bytes: Buffer): { contentType: string; width: number; height: number } {
  const type = sniffImageType(bytes);
  if (!type) throw unsupportedImage();
  const size = readDimensions(bytes);
  const valid = size && size.type === MEASURED_TYPE[type] && isPositiveInt(size.width) && isPositiveInt(size.height);
  if (!valid) throw new AppError(FileErrorCodes.invalid, `The image starts like a ${type.toUpperCase()} but its header is truncated or corrupt`, 400);
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
  const cleaned = String(raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, '');
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

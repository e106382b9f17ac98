import { AppError } from '../platform/errors.ts';

const MiB = 1024 * 1024;

export const IMAGE_MAX_BYTES = 10 * MiB;
export const FILE_MAX_BYTES = 20 * MiB;
/** Widest and tallest image a header may claim: beyond what any viewer shows, and the column's range. */
export const IMAGE_MAX_SIDE = 65_535;
/** Longest stored file name, in characters (code points). */
export const NAME_MAX = 255;

export const FileErrorCodes = {
  tooLarge: 93000,
  invalid: 90002,
  internal: 141002,
} as const;

export type FileKind = 'image' | 'file';

export type ImageType = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

export const maxBytesFor = (kind: FileKind) => (kind === 'image' ? IMAGE_MAX_BYTES : FILE_MAX_BYTES);

/** "10 MB" for whole MiB, "12.3 MB" otherwise (callers add the byte count where rounding could hide the excess). */
export function formatSize(bytes: number): string {
  const mb = bytes / MiB;
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}

export function parseKind(value: unknown): FileKind {
  if (value === 'image' || value === 'file') return value;
  // What was sent is shown, cut short: a refusal never echoes a huge input.
  const shown = value === undefined ? 'missing' : clip(JSON.stringify(value) ?? String(value), 60);
  throw new AppError(FileErrorCodes.invalid, `kind must be "image" or "file" (got ${shown})`, 400);
}

export function tooLarge(kind: FileKind, size: number | undefined): AppError {
  const max = maxBytesFor(kind);
  const noun = kind === 'image' ? 'image' : 'file';
  const limit = `${noun}s may be at most ${formatSize(max)} (${max} bytes)`;
  const actual = size === undefined ? `The ${noun} is larger than ${formatSize(max)}` : `The ${noun} is ${formatSize(size)} (${size} bytes)`;
  return new AppError(FileErrorCodes.tooLarge, `${actual}; ${limit}`, 413);
}

/** Throws 90002 for an empty body and 93000 above the kind's limit. */
export function assertSize(kind: FileKind, size: number): void {
  if (size === 0) throw new AppError(FileErrorCodes.invalid, `The ${kind} is empty (0 bytes)`, 400);
  if (size > maxBytesFor(kind)) throw tooLarge(kind, size);
}

const SIGNATURES: { type: ImageType; test: (b: Buffer) => boolean }[] = [
  { type: 'jpeg', test: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'gif', test: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  { type: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'bmp', test: (b) => b.length >= 26 && b.subarray(0, 2).toString('latin1') === 'BM' },
];

/** The image type named by the leading magic bytes, or undefined; declared types are never trusted. */
export function sniffImageType(bytes: Buffer): ImageType | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.type;
}

export const IMAGE_CONTENT_TYPES: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

export function unsupportedImage(): AppError {
  return new AppError(FileErrorCodes.invalid, 'The upload is not a supported image: images must be JPEG, PNG, GIF, WebP or BMP', 415);
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

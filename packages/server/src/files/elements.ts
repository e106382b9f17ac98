import type { MsgElement } from '@parley/protocol';
import { AppError } from '../platform/errors.ts';
import type { FileInfo, FileService } from './file-service.ts';
import { FileErrorCodes, type FileKind } from './limits.ts';

export const MEDIA_TYPES = ['TIMImageElem', 'TIMFileElem'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Tencent IM ImageFormat: 1 JPG, 2 GIF, 3 PNG, 4 BMP, 255 anything else. */
const IMAGE_FORMAT: Record<string, number> = { 'image/jpeg': 1, 'image/gif': 2, 'image/png': 3, 'image/bmp': 4 };
/** ImageInfoArray Type: 1 original, 2 large, 3 thumbnail. We serve the original for all three. */
const IMAGE_INFO_TYPES = [1, 2, 3] as const;

type ImageInfo = { Type: number; Size: number; Width: number; Height: number; URL: string };
export type ImageElement = { MsgType: 'TIMImageElem'; MsgContent: { UUID: string; ImageFormat: number; ImageInfoArray: ImageInfo[] } };
export type FileElement = {
  MsgType: 'TIMFileElem';
  MsgContent: { Url: string; UUID: string; FileSize: number; FileName: string; Download_Flag: number };
};

export function imageElement(file: FileInfo, url: string): ImageElement {
  const info = { Size: file.size, Width: file.width ?? 0, Height: file.height ?? 0, URL: url };
  return {
    MsgType: 'TIMImageElem',
    MsgContent: {
      UUID: file.fileId,
      ImageFormat: IMAGE_FORMAT[file.contentType] ?? 255,
      ImageInfoArray: IMAGE_INFO_TYPES.map((Type) => ({ Type, ...info })),
    },
  };
}

export function fileElement(file: FileInfo, url: string): FileElement {
  return {
    MsgType: 'TIMFileElem',
    MsgContent: { Url: url, UUID: file.fileId, FileSize: file.size, FileName: file.name, Download_Flag: 2 },
  };
}

export const elementFor = (file: FileInfo, url: string): ImageElement | FileElement => (file.kind === 'image' ? imageElement(file, url) : fileElement(file, url));

export interface MediaContext {
  files: FileService;
  appId: number;
  /** Set when a customer sends: only their own uploads may be referenced. Unset for the business server (REST). */
  uploaderId?: string;
  fileUrl: (fileId: string) => string;
  /** Position of the element in MsgBody, for error messages (0 when omitted). */
  index?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (message: string) => new AppError(FileErrorCodes.invalid, message, 400);

/**
 * Turns a client's TIMImageElem/TIMFileElem into one we can deliver. Elements naming our files are
 * rebuilt from the stored record, so client-supplied URLs and sizes never reach other parties.
 */
export async function resolveMediaElement(element: unknown, ctx: MediaContext): Promise<MsgElement> {
  const at = `MsgBody[${ctx.index ?? 0}]`;
  if (!isObj(element) || !MEDIA_TYPES.includes(element.MsgType as MediaType)) {
    throw invalid(`${at}.MsgType must be one of ${MEDIA_TYPES.join(', ')}`);
  }
  const content = element.MsgContent;
  if (!isObj(content)) throw invalid(`${at}.MsgContent must be an object`);
  const kind: FileKind = element.MsgType === 'TIMImageElem' ? 'image' : 'file';
  const file = await ownFile(content.UUID, kind, ctx, at);
  if (file) return elementFor(file, ctx.fileUrl(file.fileId));
  return kind === 'image' ? externalImage(content, `${at}.MsgContent`) : externalFile(content, `${at}.MsgContent`);
}

const withArticle = (kind: FileKind) => (kind === 'image' ? 'an image' : 'a file');
const msgTypeOf = (kind: FileKind) => (kind === 'image' ? 'TIMImageElem' : 'TIMFileElem');

/** The stored file the element's UUID names, if the sender may use it; throws when a customer may not. */
async function ownFile(uuid: unknown, kind: FileKind, ctx: MediaContext, at: string): Promise<FileInfo | undefined> {
  const file = typeof uuid === 'string' ? await ctx.files.info(ctx.appId, uuid) : undefined;
  // Another customer's file is reported like a missing one, so ids cannot be probed.
  if (ctx.uploaderId !== undefined && file?.uploaderId !== ctx.uploaderId) {
    throw invalid(`${at}.MsgContent.UUID does not name ${withArticle(kind)} you uploaded`);
  }
  if (file && file.kind !== kind) throw invalid(`${at}.MsgContent.UUID names ${withArticle(file.kind)}, but ${at}.MsgType is ${msgTypeOf(kind)}`);
  return file;
}

function externalImage(content: Obj, at: string): MsgElement {
  const list = content.ImageInfoArray;
  if (!Array.isArray(list) || list.length === 0) {
    throw invalid(`${at}.ImageInfoArray must be a non-empty array (or ${at}.UUID must name an image uploaded to this app)`);
  }
  return {
    MsgType: 'TIMImageElem',
    MsgContent: {
      ...optionalString(content, 'UUID', at),
      ...optionalNumber(content, 'ImageFormat', at),
      ImageInfoArray: list.map((item, i) => imageInfo(item, `${at}.ImageInfoArray[${i}]`)),
    },
  };
}

function imageInfo(item: unknown, at: string): Obj {
  if (!isObj(item)) throw invalid(`${at} must be an object`);
  if (!IMAGE_INFO_TYPES.includes(item.Type as 1)) throw invalid(`${at}.Type must be 1 (original), 2 (large) or 3 (thumbnail)`);
  return {
    Type: item.Type,
    ...optionalNumber(item, 'Size', at),
    ...optionalNumber(item, 'Width', at),
    ...optionalNumber(item, 'Height', at),
    URL: httpUrl(item.URL, `${at}.URL`),
  };
}

function externalFile(content: Obj, at: string): MsgElement {
  const url = content.Url === undefined ? undefined : httpUrl(content.Url, `${at}.Url`);
  if (url === undefined) throw invalid(`${at}.Url must be an http(s) URL (or ${at}.UUID must name a file uploaded to this app)`);
  if (!isNonNegative(content.FileSize)) throw invalid(`${at}.FileSize must be a non-negative number`);
  if (typeof content.FileName !== 'string') throw invalid(`${at}.FileName must be a string`);
  return {
    MsgType: 'TIMFileElem',
    MsgContent: {
      Url: url,
      ...optionalString(content, 'UUID', at),
      FileSize: content.FileSize,
      FileName: content.FileName,
      Download_Flag: 2,
    },
  };
}

function httpUrl(value: unknown, at: string): string {
  if (typeof value === 'string' && URL.canParse(value)) {
    const { protocol } = new URL(value);
    if (protocol === 'http:' || protocol === 'https:') return value;
  }
  throw invalid(`${at} must be an http(s) URL`);
}

const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function optionalNumber(obj: Obj, key: string, at: string): Obj {
  if (obj[key] === undefined) return {};
  if (!isNonNegative(obj[key])) throw invalid(`${at}.${key} must be a non-negative number`);
  return { [key]: obj[key] };
}

function optionalString(obj: Obj, key: string, at: string): Obj {
  if (obj[key] === undefined) return {};
  if (typeof obj[key] !== 'string') throw invalid(`${at}.${key} must be a string`);
  return { [key]: obj[key] };
}

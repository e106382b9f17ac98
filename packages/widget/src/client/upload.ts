// Image and file uploads: the bytes as the body of POST /chat/v1/files?kind=image|file, with upload
// progress (XMLHttpRequest, since fetch reports none). The answer's `element` is what gets sent.
import type { MsgElement } from '@parley/protocol';

export type UploadKind = 'image' | 'file';

export interface UploadCredentials {
  sdkAppId: number;
  userId: string;
  userSig: string;
}

export class UploadError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function uploadFile(origin: string, credentials: UploadCredentials, file: Blob & { name?: string }, kind: UploadKind, onProgress: (fraction: number) => void): Promise<MsgElement> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${origin}/chat/v1/files?kind=${kind}`);
    xhr.setRequestHeader('x-parley-app', String(credentials.sdkAppId));
    xhr.setRequestHeader('x-parley-user', credentials.userId);
    xhr.setRequestHeader('authorization', `UserSig ${credentials.userSig}`);
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name ?? kind));
    if (file.type) xhr.setRequestHeader('content-type', file.type);
    else xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body?.element) return resolve(body.element as MsgElement);
      reject(new UploadError(Number(body?.error?.code ?? xhr.status), String(body?.error?.message ?? `HTTP ${xhr.status}`)));
    };
    xhr.onerror = () => reject(new UploadError(0, 'network'));
    xhr.send(file);
  });
}

/** The upload route's answer: the element, or an error (flat or nested, by route). */
interface UploadReply {
  element?: unknown;
  code?: unknown;
  message?: unknown;
  error?: { code?: unknown; message?: unknown };
}

function parse(text: string): UploadReply | undefined {
  try {
    return JSON.parse(text) as UploadReply;
  } catch {
    return undefined;
  }
}

// Agent uploads (`POST /api/workbench/files?kind=image|file`) with progress, which fetch cannot report.
import { ApiError, credentialHeaders } from './client';
import type { UploadResult } from './types';

export type UploadKind = 'image' | 'file';

export interface UploadHandle {
  done: Promise<UploadResult>;
  cancel(): void;
}

/** Sends the bytes; `onProgress` gets 0–1. File routes answer errors as `{code, message}` (not wrapped in `error`). */
export function uploadFile(file: File, kind: UploadKind, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve, reject) => {
    xhr.open('POST', `/api/workbench/files?kind=${kind}`);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(credentialHeaders('POST'))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const data = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as unknown as UploadResult);
      const error = ((data as { error?: unknown }).error ?? data) as { code?: string | number; message?: string };
      reject(new ApiError(xhr.status, error.code ?? xhr.status, error.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted'));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}

function parse(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { message: text.slice(0, 200) };
  }
}

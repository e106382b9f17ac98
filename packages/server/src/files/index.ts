// Uploaded images and files, and the media elements of messages that point at them.
export { createBlobStore } from './blob-store.ts';
export { elementFor, resolveMediaElement } from './elements.ts';
export { FileService, type FileInfo } from './file-service.ts';
export { FileErrorCodes, maxBytesFor, parseKind, tooLarge, type FileKind } from './limits.ts';

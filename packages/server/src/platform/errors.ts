/**
 * A failure a caller can act on. `code` is the wire error code of the gateway that reports it
 * (Tencent-style negative or 14xxxx codes); `message` is the precise human text.
 */
export class AppError extends Error {
  constructor(
    public readonly code: number,
    message: string,
    public readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const ErrorCodes = {
  /** Parameter parsing failed (JSON or field rules). */
  invalidParams: -7,
  rateLimited: -14,
  adminRequired: -20,
  systemError: -1,
  resourceInvalid: -50003,
  presetCategory: -50011,
  deskNotActivated: -50040,
  multiLanguageUnsupported: -50042,
  unsupportedLanguage: -50051,
  languageLimit: -50052,
  defaultLanguage: -50055,
  languageHasQuestions: -50056,
  /** The entry changed since the caller read it (optimistic concurrency); /api answers 409 `conflict`. */
  editConflict: -50060,
} as const;

export const invalid = (message: string) => new AppError(ErrorCodes.invalidParams, message);
export const notFound = (message: string) => new AppError(ErrorCodes.resourceInvalid, message, 404);

/** Refused because the entry changed since the caller loaded it: /api answers 409 `{ error: { code: 'conflict' } }`. */
export class EditConflictError extends AppError {
  constructor(what: string) {
    super(ErrorCodes.editConflict, `${what} was changed by someone else since you opened it; reload to see the latest`, 409);
    this.name = 'EditConflictError';
  }
}

/** An entry's revision on the wire: its `updatedAt` as an ISO string. */
export function revisionOf(updatedAt: Date | string | null | undefined): string {
  if (updatedAt === null || updatedAt === undefined) return '';
  return typeof updatedAt === 'string' ? new Date(updatedAt).toISOString() : updatedAt.toISOString();
}

/**
 * Optimistic concurrency: when the caller says which revision it edited (`expectedRevision`) and the
 * entry has moved on, refuses with EditConflictError. Omitted: no check (REST and CLI callers).
 * Call inside the write's transaction, before anything is written.
 */
export function assertRevision(expected: string | undefined, updatedAt: Date | string | null | undefined, what: string): void {
  if (expected === undefined) return;
  const current = revisionOf(updatedAt);
  const wanted = Number.isNaN(Date.parse(expected)) ? expected : new Date(expected).toISOString();
  if (wanted !== current) throw new EditConflictError(what);
}

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
} as const;

export const invalid = (message: string) => new AppError(ErrorCodes.invalidParams, message);
export const notFound = (message: string) => new AppError(ErrorCodes.resourceInvalid, message, 404);

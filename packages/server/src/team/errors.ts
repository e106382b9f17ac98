import { AppError, ErrorCodes } from '../platform/errors.ts';

/**
 * Error codes of the team feature on the native API. Desk documents no member API, so these are
 * Parley's own, in a range no Tencent code uses; the HTTP status carries the category.
 */
export const TeamErrorCodes = {
  conflict: 60901,
  notPermitted: 60903,
  loginFailed: 60911,
  loginDisabled: 60912,
  mailFailed: 60920,
} as const;

export const conflict = (message: string) => new AppError(TeamErrorCodes.conflict, message, 409);
export const notPermitted = (message: string) => new AppError(TeamErrorCodes.notPermitted, message, 403);
export const loginFailed = () => new AppError(TeamErrorCodes.loginFailed, 'Wrong email or password', 401);
export const loginDisabled = () => new AppError(TeamErrorCodes.loginDisabled, 'This account was forced offline by an administrator; ask an administrator to restore it', 403);
export const tooManyAttempts = (minutes: number) => new AppError(ErrorCodes.rateLimited, `Too many failed logins for this email; try again in ${minutes} minute(s)`, 429);
export const mailFailed = (reason: string) => new AppError(TeamErrorCodes.mailFailed, `The mail with the password could not be sent (${reason}); nothing was changed. Check SMTP_URL or retry`, 502);

/** PostgreSQL unique_violation, as thrown by either driver (possibly wrapped by Drizzle). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

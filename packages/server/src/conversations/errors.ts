import { AppError } from '../platform/errors.ts';

/** The desk_http_svc and IM codes conversations report (spec 05 §8.1). */
export const ConversationCodes = {
  /** Message body does not conform to TIMMsgElement (or a Desk custom message to its schema). */
  badBody: 90002,
  msgRandom: 90005,
  bodyNotArray: 90007,
  bodyTooLarge: 93000,
  internal: 141002,
  invalidParam: 141004,
  noSession: 141005,
  /** The action is not possible in the session's current state (transfer_session's wording). */
  invalidState: 141026,
} as const;

export const noSession = (what: string) => new AppError(ConversationCodes.noSession, `${what} does not exist or has ended`);
export const invalidParam = (message: string) => new AppError(ConversationCodes.invalidParam, message);
export const invalidState = (message: string) => new AppError(ConversationCodes.invalidState, message);
export const badBody = (message: string) => new AppError(ConversationCodes.badBody, message);
export const unknownAccount = (accountId: string) => new AppError(ConversationCodes.invalidParam, `Customer-service account ${accountId} does not exist in this app`);

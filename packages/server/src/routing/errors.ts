import { AppError } from '../platform/errors.ts';

/** desk_http_svc codes of human service (spec 05 §8.1); the native API reports the same codes. */
export const RoutingCodes = {
  noAgentOnline: 141001,
  cannotTransfer: 141003,
  invalidParam: 141004,
  noSession: 141005,
  agentOffline: 141011,
  agentFull: 141012,
  agentResting: 141013,
  contactUserOff: 141014,
  unknownUser: 141015,
  alreadyWithHuman: 141016,
  contactNoAgent: 141017,
  contactBadGroup: 141019,
  badGroup: 141020,
  transferToSelf: 141024,
  allAgentsBusy: 141025,
  invalidState: 141026,
} as const;

export const routingError = (code: number, message: string) => new AppError(code, message);

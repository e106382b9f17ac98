import { UNKNOWN_APP_CODE } from '../../apps/index.ts';

/** The Tencent response envelope; HTTP status is always 200 (spec 04 §1.4-1.5). */
export interface Envelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorInfo: string;
  ErrorCode: number;
  [field: string]: unknown;
}

export const ok = (fields: Record<string, unknown> = {}): Envelope => ({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, ...fields });

/** ErrorInfo names what was wrong; ids and values it quotes are the client's own, so it is cut at this length. */
export const MAX_ERROR_INFO = 1000;

export const fail = (code: number, info: string): Envelope => ({
  ActionStatus: 'FAIL',
  ErrorInfo: info.length > MAX_ERROR_INFO ? `${info.slice(0, MAX_ERROR_INFO)}…` : info,
  ErrorCode: code,
});

/** Failures of the request as a whole, before any command runs (Tencent's common codes). */
export const CommonErrors = {
  badRequestUrl: 60002,
  unknownApp: UNKNOWN_APP_CODE,
} as const;

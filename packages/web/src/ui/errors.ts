// Server errors in the agent's language: known codes get a sentence of their own, anything else
// shows the server's message (never swallowed).
import { ApiError } from '../api/client';
import type { Translate } from '../i18n';

const CODE_KEYS: Record<string, string> = {
  '60911': 'error.loginFailed',
  '60912': 'error.loginDisabled',
  '141001': 'error.noAgentOnline',
  '141003': 'error.cannotTransfer',
  '141005': 'error.noSession',
  '141011': 'error.agentOffline',
  '141012': 'error.agentFull',
  '141013': 'error.agentResting',
  '141014': 'error.contactOff',
  '141015': 'error.unknownUser',
  '141016': 'error.alreadyWithHuman',
  '141017': 'error.contactNoAgent',
  '141019': 'error.badGroup',
  '141020': 'error.badGroup',
  '141024': 'error.transferToSelf',
  '141025': 'error.allAgentsBusy',
  '141026': 'error.invalidState',
  '93000': 'error.tooLarge',
  network: 'error.network',
  csrf: 'error.sessionExpired',
};

export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return t('error.tooManyLogins', { minutes: minutesIn(error.message) });
    if (error.status === 401 && error.code !== 60911) return t('error.sessionExpired');
    const key = CODE_KEYS[String(error.code)];
    if (key) return t(key);
    return t('error.server', { message: error.message || String(error.code) });
  }
  if (error instanceof TypeError) return t('error.network'); // fetch's network failure
  return t('error.server', { message: error instanceof Error ? error.message : String(error) });
}

/** "try again in 15 minute(s)" → 15; the lockout lasts 15 minutes at most. */
function minutesIn(message: string): number {
  const match = /(\d+)\s*minute/.exec(message);
  return match ? Number(match[1]) : 15;
}

// An embedded workbench (spec 03 §2): opened by the SDK as `/workbench/#embed=<token>` inside another
// system's page. Trades the one-time token for a login kept in memory only (sent as
// `Authorization: Session`, since a cross-site frame gets no SameSite=Lax cookie) and bridges the
// workbench's events and commands to the page.
import { api, setCredentials } from '../api/client';
import { ParentBridge } from './bridge';

interface EmbedLogin {
  csrfToken: string;
  sessionToken: string;
}

const HASH_TOKEN = /(?:^#|&)embed=([^&]+)/;

/** The token of `#embed=<token>`, if the page was opened that way. */
export function embedTokenOf(hash: string): string | undefined {
  const match = HASH_TOKEN.exec(hash);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * Called first by main.tsx. Not opened by the SDK: false, nothing done. Otherwise true (the shell
 * skips its login form and logout); a token that cannot log in is reported to the page as
 * tokenExpired, and the shell's own login check then finds no login.
 */
export async function startEmbedded(): Promise<boolean> {
  const token = embedTokenOf(location.hash);
  if (token === undefined) return false;
  // The token is spent either way: keep it out of the address, the history and any later reload.
  history.replaceState(history.state, '', location.pathname + location.search);
  const bridge = new ParentBridge(window.parent);
  try {
    const login = await api.post<EmbedLogin>('/api/auth/embed-login', { token });
    setCredentials({ csrfToken: login.csrfToken, sessionToken: login.sessionToken });
  } catch (error) {
    bridge.tokenExpired(error instanceof Error ? error.message : String(error));
  }
  return true;
}

// Who is logged in. The login cookie is HttpOnly: the page learns about it from GET /api/auth/me,
// which also hands back the CSRF token a reloaded page needs for its unsafe requests.
import { ApiError, clearCredentials, setCredentials } from '../api/client';
import type { AppRef, Member } from '../api/types';
import { authApi } from '../api/workbench';
import { createStore } from '../state/store';

export type AuthPhase = 'loading' | 'login' | 'ready';

export interface AuthState {
  phase: AuthPhase;
  me?: Member;
  app?: AppRef;
  /** Opened by the embedding SDK: no login form, no logout of its own. */
  embedded: boolean;
  /** Why the login form is shown again (the login ended, or the member has no workbench role). */
  notice?: 'expired' | 'noAccess';
}

export const authStore = createStore<AuthState>({ phase: 'loading', embedded: false });

const WORKBENCH_ROLES = ['staff', 'super_admin'];
export const hasWorkbenchRole = (roles: string[]) => roles.some((role) => WORKBENCH_ROLES.includes(role));

/** On load: a live login (cookie or embed token) goes straight to the workbench. */
export async function restoreLogin(): Promise<void> {
  try {
    const me = await authApi.me();
    if (me.csrfToken) setCredentials({ csrfToken: me.csrfToken });
    if (!me.member) return authStore.set({ phase: 'login' }); // the administrator's UserSig has no agent identity
    if (!hasWorkbenchRole(me.member.roles)) return authStore.set({ phase: 'login', notice: 'noAccess' });
    authStore.set({ phase: 'ready', me: me.member, app: me.app, notice: undefined });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return authStore.set({ phase: 'login' });
    throw error;
  }
}

/** Logs in; answers the apps to choose from when the email and password match in several. */
export async function login(email: string, password: string, sdkAppId?: number): Promise<AppRef[] | undefined> {
  const result = await authApi.login(email, password, sdkAppId);
  if ('chooseApp' in result) return result.chooseApp;
  setCredentials({ csrfToken: result.csrfToken });
  if (!hasWorkbenchRole(result.member.roles)) {
    await authApi.logout().catch(() => undefined);
    clearCredentials();
    authStore.set({ phase: 'login', notice: 'noAccess' });
    return undefined;
  }
  authStore.set({ phase: 'ready', me: result.member, app: result.app, notice: undefined });
  return undefined;
}

export async function logout(): Promise<void> {
  try {
    await authApi.logout();
  } finally {
    clearCredentials();
    authStore.set({ phase: 'login', me: undefined, app: undefined });
  }
}

/** The server closed the socket with 4401, or an API call answered 401: the login is gone. */
export function loginEnded(): void {
  if (authStore.get().phase !== 'ready') return;
  clearCredentials();
  authStore.set({ phase: 'login', me: undefined, app: undefined, notice: 'expired' });
}

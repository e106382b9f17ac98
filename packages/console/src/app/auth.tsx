// Who is logged in. The login cookie is HttpOnly: the page learns about it from GET /api/auth/me, which
// also hands back the CSRF token a reloaded page needs for its unsafe requests.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import { authApi } from '../api/endpoints';
import type { AppRef, Member, Role } from '../api/types';

export type AuthPhase = 'loading' | 'login' | 'ready';

export interface AuthState {
  phase: AuthPhase;
  member?: Member;
  app?: AppRef;
  /** Why the login page is shown again. */
  notice?: 'expired';
  /** A loading failure other than "not logged in". */
  error?: string;
}

interface Auth extends AuthState {
  login(email: string, password: string, sdkAppId?: number): Promise<AppRef[] | undefined>;
  logout(): Promise<void>;
  retry(): void;
}

const CONSOLE_ROLES: Role[] = ['admin', 'super_admin'];
const WORKBENCH_ROLES: Role[] = ['staff', 'super_admin'];
export const hasConsoleRole = (roles: Role[]) => roles.some((role) => CONSOLE_ROLES.includes(role));
export const hasWorkbenchRole = (roles: Role[]) => roles.some((role) => WORKBENCH_ROLES.includes(role));

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    authApi
      .me()
      .then((me) => {
        if (!live) return;
        setCsrfToken(me.csrfToken);
        if (!me.member) return setState({ phase: 'login' });
        setState({ phase: 'ready', member: me.member, app: me.app });
      })
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return setState({ phase: 'login' });
        setState({ phase: 'loading', error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(undefined);
        setState((current) => (current.phase === 'ready' ? { phase: 'login', notice: 'expired' } : current));
      }),
    [],
  );

  const login = useCallback(async (email: string, password: string, sdkAppId?: number) => {
    const result = await authApi.login(email, password, sdkAppId);
    if ('chooseApp' in result) return result.chooseApp;
    setCsrfToken(result.csrfToken);
    setState({ phase: 'ready', member: result.member, app: result.app });
    return undefined;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(undefined);
      setState({ phase: 'login' });
    }
  }, []);

  const retry = useCallback(() => {
    setState({ phase: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<Auth>(() => ({ ...state, login, logout, retry }), [state, login, logout, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

// Login first (restored from the cookie when it is still good), then the workbench.
import { useEffect } from 'preact/hooks';
import { authStore, restoreLogin } from '../auth/auth-store';
import { LoginPage } from '../auth/LoginPage';
import { useT } from '../i18n';
import { useStore } from '../state/store';
import { Toasts, toast } from '../ui/toasts';
import { Workbench, type WorkbenchProps } from './Workbench';

export function App(props: WorkbenchProps) {
  const t = useT();
  const phase = useStore(authStore, (s) => s.phase);
  const embedded = useStore(authStore, (s) => s.embedded);
  useEffect(() => {
    if (phase !== 'loading') return;
    restoreLogin().catch((error) => {
      authStore.set({ phase: 'login' });
      toast.error(error);
    });
  }, []);
  return (
    <>
      {phase === 'loading' ? (
        <div class="splash" role="status">
          <span class="spinner" aria-hidden="true" />
          <span>{t('common.loading')}</span>
        </div>
      ) : phase === 'login' && embedded ? (
        <EmbeddedSignedOut />
      ) : phase === 'login' ? (
        <LoginPage />
      ) : (
        <Workbench {...props} />
      )}
      <Toasts />
    </>
  );
}

/** Embedded by the SDK without a usable login: the host page must open the workbench again with a new token. */
function EmbeddedSignedOut() {
  const t = useT();
  return (
    <div class="splash" role="alert" data-testid="embed-signed-out">
      <span>{t('login.embedFailed')}</span>
    </div>
  );
}

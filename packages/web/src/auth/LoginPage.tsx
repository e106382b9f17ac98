// Email and password; when they match in several apps, the agent picks the app (spec 03 §1.1).
import { useState } from 'preact/hooks';
import type { AppRef } from '../api/types';
import { useT } from '../i18n';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Icon } from '../ui/Icon';
import { authStore, login } from './auth-store';
import { useStore } from '../state/store';

export function LoginPage() {
  const t = useT();
  const notice = useStore(authStore, (s) => s.notice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [apps, setApps] = useState<AppRef[] | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (sdkAppId?: number) => {
    setBusy(true);
    setError(undefined);
    try {
      const choices = await login(email.trim(), password, sdkAppId);
      setApps(choices);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login-page">
      <aside class="login-brand">
        <div class="brand-mark" aria-hidden="true">
          <Icon name="chat" size={28} />
        </div>
        <h1>{t('app.name')}</h1>
        <p class="login-tagline">{t('login.tagline')}</p>
        <ul class="login-points">
          <li>
            <Icon name="inbox" /> {t('login.point1')}
          </li>
          <li>
            <Icon name="robot" /> {t('login.point2')}
          </li>
          <li>
            <Icon name="users" /> {t('login.point3')}
          </li>
        </ul>
      </aside>
      <main class="login-main">
        <div class="login-corner">
          <LanguageSwitch />
        </div>
        <div class="login-card">
          {apps ? (
            <AppChooser apps={apps} busy={busy} error={error} onChoose={(id) => void submit(id)} onBack={() => setApps(undefined)} />
          ) : (
            <form
              class="login-form"
              onSubmit={(event) => {
                event.preventDefault();
                void submit();
              }}
            >
              <h2>{t('login.title')}</h2>
              <p class="muted">{t('login.subtitle')}</p>
              {notice ? (
                <p class="form-notice" role="status">
                  {t(notice === 'expired' ? 'login.expired' : 'login.noAccess')}
                </p>
              ) : null}
              <label class="field">
                <span>{t('login.email')}</span>
                <input type="email" name="email" autoComplete="username" required maxLength={254} value={email} data-testid="login-email" onInput={(event) => setEmail(event.currentTarget.value)} />
              </label>
              <label class="field">
                <span>{t('login.password')}</span>
                <input
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  maxLength={200}
                  value={password}
                  data-testid="login-password"
                  onInput={(event) => setPassword(event.currentTarget.value)}
                />
              </label>
              <ErrorAlert error={error} testId="login-error" />
              <button type="submit" class="button primary block" disabled={busy} data-testid="login-submit">
                {busy ? t('login.signingIn') : t('login.submit')}
              </button>
              <p class="muted small">{t('login.noAccount')}</p>
            </form>
          )}
        </div>
      </main>
    </div>
  );
}

function AppChooser(props: { apps: AppRef[]; busy: boolean; error: unknown; onChoose(id: number): void; onBack(): void }) {
  const t = useT();
  return (
    <div class="login-form">
      <h2>{t('login.chooseApp')}</h2>
      <p class="muted">{t('login.chooseAppHint')}</p>
      <ul class="app-choices">
        {props.apps.map((app) => (
          <li key={app.sdkAppId}>
            <button type="button" class="app-choice" disabled={props.busy} onClick={() => props.onChoose(app.sdkAppId)} data-testid="login-app">
              <span class="app-choice-name">{app.name}</span>
              <span class="muted small">SDKAppID {app.sdkAppId}</span>
              <span class="app-choice-action">{t('login.select')}</span>
            </button>
          </li>
        ))}
      </ul>
      <ErrorAlert error={props.error} />
      <button type="button" class="button ghost" onClick={props.onBack}>
        <Icon name="chevron-left" /> {t('common.back')}
      </button>
    </div>
  );
}

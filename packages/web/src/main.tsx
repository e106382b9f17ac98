// The agent workbench (/workbench/): an embedded login first (the SDK's iframe), then the app.
import { render } from 'preact';
import './i18n/strings';
import './styles/workbench.css';
import { authStore } from './auth/auth-store';
import { startEmbedded } from './embed';
import { getLocale } from './i18n';
import { notifier } from './notify/notifier';
import { App } from './shell/App';

async function main(): Promise<void> {
  document.documentElement.lang = getLocale();
  const embedded = await startEmbedded();
  authStore.set({ embedded });
  render(<App notifier={notifier} />, document.getElementById('app')!);
}

void main();

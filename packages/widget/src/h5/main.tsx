// The customer chat page (/chat/<publicKey>, also the panel of the script embed with ?embed=1).
// Reads the account from #parley-config (JSON, never executed) and renders the app.
import './styles.css';
import { render } from 'preact';
import { ChatClient } from '../client/index.ts';
import { App } from './App.tsx';
import { EmbedBridge } from './embed-bridge.ts';

interface PageConfig {
  publicKey: string;
  accountNick?: string;
  accountAvatarUrl?: string;
}

function readConfig(): PageConfig | undefined {
  try {
    const config = JSON.parse(document.getElementById('parley-config')?.textContent ?? '') as PageConfig;
    return typeof config.publicKey === 'string' && config.publicKey ? config : undefined;
  } catch {
    return undefined;
  }
}

const config = readConfig();
const root = document.getElementById('app');
if (config && root) {
  const embedded = new URLSearchParams(location.search).get('embed') === '1';
  const client = new ChatClient({ publicKey: config.publicKey });
  const bridge = embedded ? new EmbedBridge(client) : undefined;
  // Phones may kill a hidden page without pagehide: save the conversation whenever it goes away.
  addEventListener('pagehide', () => client.saveSnapshot());
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && client.saveSnapshot());
  render(<App client={client} bridge={bridge} accountNick={config.accountNick ?? ''} accountAvatarUrl={config.accountAvatarUrl ?? ''} />, root);
  void client.start();
}

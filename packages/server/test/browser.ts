// Browser tests: Debian's Chromium driven by playwright-core against a real Parley server with the
// demo content (the same seed `npm start` uses), its jobs running, and a team of agents.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { App } from '../src/apps/app-service.ts';
import { seedDemoContent } from '../src/cli/demo-content.ts';
import type { Config } from '../src/platform/config.ts';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type RestClient, type TestServer } from './harness.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM_PATH);

/**
 * `describe` for browser suites. Where Chromium is missing they are skipped with a notice, except in
 * CI (`CI` set), where a missing browser must fail the run rather than pass it silently.
 */
export const describeBrowser: typeof describe = chromiumInstalled || process.env.CI ? describe : (describe.skip as typeof describe);
if (!chromiumInstalled && !process.env.CI) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** Headless Chromium with nothing that reaches for the network (this machine has none). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

const screenshotsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../test-results/screenshots');

/** Saves a full-page screenshot as test-results/screenshots/<name>.png (name may contain a folder). */
export async function shot(page: Page, name: string): Promise<string> {
  const file = join(screenshotsDir, `${name}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface DeskLogin {
  memberId: string;
  email: string;
  password: string;
  nick: string;
}

export interface Desk {
  test: TestServer;
  baseUrl: string;
  app: App;
  rest: RestClient;
  /** The app administrator through the native API (console routes, settings). */
  api: ApiClient;
  /** The default customer-service account's H5 page and public key. */
  chatUrl: string;
  publicKey: string;
  workbenchUrl: string;
  /** Staff members (agents) and a super admin. */
  agents: DeskLogin[];
  admin: DeskLogin;
  close(): Promise<void>;
}

/** A Parley server as a new user gets it from `npm start`: demo robot content, an account, a team. */
export async function startDesk(options: { agents?: number; config?: Partial<Config> } = {}): Promise<Desk> {
  const test = await startTestServer({ config: { jobPollMs: 100, ...options.config } });
  const { services } = test.server;
  const rest = await createRestClient(test, 'Demo');
  const app = (await services.apps.get(rest.sdkAppId))!;
  await seedDemoContent(services, app);
  const member = async (email: string, nick: string, roles: ('staff' | 'super_admin')[]) => {
    const { member: created, password } = await services.team.members.provision(app.sdkAppId, { email, nick, roles });
    return { memberId: created.memberId, email: created.email, password, nick };
  };
  const agents: DeskLogin[] = [];
  for (let i = 1; i <= (options.agents ?? 2); i++) agents.push(await member(`agent${i}@desk.test`, `Agent ${i}`, ['staff']));
  const admin = await member('admin@desk.test', 'Admin', ['super_admin']);
  const publicKey = (await services.customers.publicKeyOf(app.sdkAppId, services.accounts.defaultAccountId))!;
  return {
    test,
    baseUrl: test.baseUrl,
    app,
    rest,
    api: createApiClient(test, rest),
    chatUrl: `${test.baseUrl}/chat/${publicKey}`,
    publicKey,
    workbenchUrl: `${test.baseUrl}/workbench/`,
    agents,
    admin,
    close: () => test.close(),
  };
}

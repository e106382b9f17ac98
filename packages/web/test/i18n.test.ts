import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localeFrom, translate } from '../src/i18n';
import '../src/i18n/strings';

// Every string the workbench shows exists in zh-CN and en-US (no key leaks onto the screen).

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');
/** Folders whose strings are registered by their own helpers' modules (src/internal, src/notify, …) are checked by their tests. */
const OWN_FOLDERS = ['agents', 'api', 'auth', 'chat', 'composer', 'customer', 'format', 'realtime', 'sessions', 'shell', 'state', 'status', 'transfer', 'ui'];
/** Strings that read the same in Chinese. */
const SAME_IN_BOTH = new Set(['channel.sdk']);
const NAMESPACES = [
  'app',
  'common',
  'login',
  'shell',
  'status',
  'sessions',
  'channel',
  'contact',
  'chat',
  'speaker',
  'state',
  'actions',
  'mark',
  'transfer',
  'composer',
  'quick',
  'customer',
  'preview',
  'live',
  'time',
  'error',
  'endStatus',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function keysUsed(): string[] {
  const pattern = new RegExp(`['\`]((?:${NAMESPACES.join('|')})\\.[A-Za-z0-9_.]+)['\`]`, 'g');
  const keys = new Set<string>();
  for (const file of OWN_FOLDERS.flatMap((folder) => sourceFiles(join(src, folder)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) if (!match[1].endsWith('.')) keys.add(match[1]);
  }
  return [...keys];
}

describe('workbench strings', () => {
  it('has every key the code uses, in both languages', () => {
    const used = keysUsed();
    expect(used.length).toBeGreaterThan(150);
    // translate() falls back to English, then to the key: compare with the dictionaries' own answer.
    const missing = used.flatMap((key) =>
      [
        translate('en-US', key) === key ? `en-US ${key}` : [],
        !SAME_IN_BOTH.has(key) && translate('zh-CN', key) === translate('en-US', key) && /[A-Za-z]{3}/.test(translate('en-US', key).replace(/\{\w+\}/g, '')) ? `zh-CN ${key}` : [],
      ].flat(),
    );
    expect(missing).toEqual([]);
  });

  it('has the keys built at run time (statuses, tabs, end statuses)', () => {
    for (const key of ['idle', 'busy', 'rest', 'offline'].flatMap((s) => [`status.${s}`, `status.${s}.hint`])) expect(translate('zh-CN', key)).not.toBe(key);
    for (const tab of ['mine', 'pending', 'queue', 'history']) expect(translate('en-US', `sessions.tab.${tab}`)).not.toBe(`sessions.tab.${tab}`);
    for (const status of [
      'AgentEndedSession',
      'UserEndedSession',
      'UserTimeout',
      'AgentTimeout',
      'ChatbotReception',
      'NoAgentsOnline',
      'TimeoutTransfer',
      'ManualTransfer',
      'UserAbandonedDuringQueueing',
    ]) {
      expect(translate('zh-CN', `endStatus.${status}`)).not.toBe(`endStatus.${status}`);
    }
  });

  it('fills parameters and picks the language from the browser', () => {
    expect(translate('en-US', 'sessions.loadMore', { n: 3 })).toBe('Load more (3)');
    expect(translate('zh-CN', 'transfer.idleCount', { n: 2 })).toBe('2 人空闲');
    expect(localeFrom(['zh-TW', 'en'])).toBe('zh-CN');
    expect(localeFrom(['de-DE', 'en-GB'])).toBe('en-US');
  });
});

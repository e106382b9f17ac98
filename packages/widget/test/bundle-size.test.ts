/// <reference types="node" />
// The customer chat loads on every page of a customer's site: its JavaScript (the embed loader and
// the chat app) must stay within the gzip budget. The test global setup builds dist/ first.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, WIDGET_BUDGET_GZIP_BYTES } from '../../../scripts/build-web.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
const SCRIPTS = ['chat.js', 'embed.js'];

const gzipSize = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

describe('widget bundle size', () => {
  beforeAll(async () => {
    if (!SCRIPTS.every((file) => existsSync(join(dist, file)))) await buildWeb({ quiet: true });
  }, 120_000);

  it(`keeps chat.js + embed.js within ${WIDGET_BUDGET_GZIP_BYTES / 1024} KB gzip`, () => {
    const sizes = Object.fromEntries(SCRIPTS.map((file) => [file, gzipSize(file)]));
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    expect(total, `gzip bytes: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(WIDGET_BUDGET_GZIP_BYTES);
  });

  it('keeps the embed loader tiny (it runs on every page of the host site)', () => {
    // No framework in the loader: a few kB at most.
    expect(gzipSize('embed.js')).toBeLessThan(4 * 1024);
  });
});

// Helpers for the workbench's browser tests: the browser with its contexts, a real PNG to upload,
// and an agent's login.
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type DeskLogin } from '@parley/server/test/browser.ts';

/** How long one step (a click, a wait for an element) may take on a loaded machine. */
export const STEP_MS = 20_000;

/** Chromium for one test file: every context it opens waits up to STEP_MS a step; close() ends them all. */
export interface TestBrowser {
  newContext(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchTestBrowser(): Promise<TestBrowser> {
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    async newContext(options) {
      const context = await browser.newContext(options);
      context.setDefaultTimeout(STEP_MS);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG (the server checks images by their content): diagonal stripes of two colours. */
export function stripedPng(width: number, height: number, a: [number, number, number], b: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) rows.push(...(Math.floor((x + y) / 12) % 2 ? a : b));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** Opens the workbench in a context and logs the agent in through the form. */
export async function loginAgent(context: BrowserContext, workbenchUrl: string, agent: DeskLogin): Promise<Page> {
  const page = await context.newPage();
  await page.goto(workbenchUrl);
  await page.getByTestId('login-email').fill(agent.email);
  await page.getByTestId('login-password').fill(agent.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('status-switch').waitFor();
  return page;
}

/** Sets the agent's status through the status switch and waits for the server's answer to show. */
export async function setStatus(page: Page, status: 'idle' | 'busy' | 'rest' | 'offline'): Promise<void> {
  await page.getByTestId('status-switch').click();
  await page.locator(`[data-testid="status-option"][data-status="${status}"]`).click();
  await page.locator(`[data-testid="status-switch"][data-status="${status}"]`).waitFor();
}

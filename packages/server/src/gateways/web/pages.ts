import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where `npm run build` (scripts/build-web.mjs) puts each browser app. */
export const distDirs = {
  widget: join(packagesDir, 'widget/dist'),
  web: join(packagesDir, 'web/dist'),
  console: join(packagesDir, 'console/dist'),
};

export const isBuilt = (dir: string, entry: string) => existsSync(join(dir, entry));

/**
 * The pages' Content-Security-Policy: scripts and connections only from this server; images also from
 * https (rich-text answers may show them). Both pages may be framed anywhere: the chat is embedded in
 * customers' sites, and a framed workbench holds no login of its own (the login cookie is SameSite=Lax,
 * so a cross-site frame only works with a one-time embed token).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' blob: https:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  'frame-ancestors *',
].join('; ');

/**
 * The admin console's policy: like the pages above, but never framed (it holds an admin's login), and
 * its <style> elements need this request's nonce (Ant Design writes its CSS-in-JS styles with it).
 * Style attributes stay allowed: components position popups and set sizes through them.
 */
export function consoleCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface PageShell {
  lang: string;
  title: string;
  /** Under /widget or /workbench/assets. */
  script: string;
  stylesheet: string;
  /** Read by the app from <script type="application/json" id="parley-config"> (never executed). */
  config: Record<string, unknown>;
  /** An ES module entry (the console, whose routes are loaded as chunks); classic deferred script otherwise. */
  module?: boolean;
}

/** One HTML shell for each app: the app renders everything else. */
export function renderShell(shell: PageShell): string {
  return `<!doctype html>
<html lang="${escapeHtml(shell.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(shell.title)}</title>
<link rel="stylesheet" href="${escapeHtml(shell.stylesheet)}">
<script type="application/json" id="parley-config">${jsonForScript(shell.config)}</script>
<script ${shell.module ? 'type="module"' : 'defer'} src="${escapeHtml(shell.script)}"></script>
</head>
<body>
<noscript>This page needs JavaScript. 此页面需要启用 JavaScript。</noscript>
<div id="app"></div>
</body>
</html>
`;
}

export const notBuiltPage = (app: string) =>
  `<!doctype html><meta charset="utf-8"><title>Parley</title><p>The ${escapeHtml(app)} is not built. Run <code>npm run build</code> (npm start does it for you).</p>`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON inside <script>: `<` is escaped so no value can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import QRCode from 'qrcode';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { publicBase } from '../public-base.ts';
import type { Services } from '../../services.ts';
import { consoleCsp, distDirs, isBuilt, notBuiltPage, PAGE_CSP, renderShell, type PageShell } from './pages.ts';

/**
 * The browser apps: the customer chat page per customer-service account (`/chat/<publicKey>`), its
 * embed loader and assets (`/widget/*`), the agent workbench (`/workbench`) and the admin console
 * (`/console`). Serves files and
 * shells only; the apps talk to `/chat/v1` and `/api` like any other client.
 */
export async function webGateway(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;

  // The server cannot know who is coming before they log in: the console sends staff on to the workbench.
  app.get('/', async (_request, reply) => reply.redirect('/console/'));

  app.get<{ Params: { publicKey: string } }>('/chat/:publicKey', async (request, reply) => {
    const { publicKey } = request.params;
    const account = await services.customers.accountByPublicKey(publicKey);
    if (!account) return sendHtml(reply.code(404), '<!doctype html><meta charset="utf-8"><title>Not found</title><p>This chat link is not valid. 该聊天链接无效。</p>');
    if (!isBuilt(distDirs.widget, 'chat.js')) return sendHtml(reply.code(503), notBuiltPage('customer chat'));
    return sendPage(reply, {
      lang: 'zh-CN',
      title: account.nick || 'Chat',
      script: '/widget/chat.js',
      stylesheet: '/widget/chat.css',
      config: { publicKey, accountNick: account.nick, accountAvatarUrl: account.avatarUrl },
    });
  });

  // Spec 01 §12.1: the chat link as a QR code, to print or to scan with a phone (`?download=1` saves it).
  app.get<{ Params: { publicKey: string }; Querystring: { download?: string } }>('/chat/:publicKey/qr.svg', async (request, reply) => {
    const { publicKey } = request.params;
    const account = await services.customers.accountByPublicKey(publicKey);
    if (!account) return reply.code(404).type('text/plain').send('This chat link is not valid');
    const svg = await QRCode.toString(`${publicBase(services.config, request)}/chat/${publicKey}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    if (request.query.download) reply.header('content-disposition', `attachment; filename="chat-${publicKey.slice(0, 8)}.svg"`);
    return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(svg);
  });

  app.get('/workbench', async (_request, reply) => reply.redirect('/workbench/'));
  app.get('/workbench/', async (_request, reply) => {
    if (!isBuilt(distDirs.web, 'workbench.js')) return sendHtml(reply.code(503), notBuiltPage('workbench'));
    return sendPage(reply, { lang: 'zh-CN', title: 'Parley Workbench', script: '/workbench/assets/workbench.js', stylesheet: '/workbench/assets/workbench.css', config: {} });
  });

  // The admin console: one shell for every client-side route under /console/ (its assets aside).
  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  const consolePage = async (_request: unknown, reply: FastifyReply) => {
    if (!isBuilt(distDirs.console, 'console.js')) return sendHtml(reply.code(503), notBuiltPage('admin console'));
    const nonce = randomBytes(16).toString('base64');
    const html = renderShell({ lang: 'zh-CN', title: 'Parley Console', script: '/console/assets/console.js', stylesheet: '/console/assets/console.css', config: { styleNonce: nonce }, module: true });
    return sendHtml(reply.header('x-frame-options', 'DENY'), html, consoleCsp(nonce));
  };
  app.get('/console/', consolePage);
  app.get('/console/*', consolePage);

  // Built files: revalidated by ETag (names are stable, so no long-lived caching).
  await app.register(fastifyStatic, { root: distDirs.widget, prefix: '/widget/', decorateReply: false, cacheControl: true, maxAge: 0, setHeaders: allowCrossOrigin });
  await app.register(fastifyStatic, { root: distDirs.web, prefix: '/workbench/assets/', decorateReply: false, maxAge: 0 });
  await app.register(fastifyStatic, { root: distDirs.console, prefix: '/console/assets/', decorateReply: false, maxAge: 0 });
  // The embedding SDK is loaded by other sites' pages.
  app.get('/workbench/sdk.js', async (_request, reply) => {
    if (!isBuilt(distDirs.web, 'sdk.js')) return reply.code(503).type('text/plain').send('The workbench SDK is not built; run npm run build');
    allowCrossOrigin(reply);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await readFile(join(distDirs.web, 'sdk.js')));
  });
}

function sendPage(reply: FastifyReply, shell: PageShell) {
  return sendHtml(reply, renderShell(shell));
}

function sendHtml(reply: FastifyReply, html: string, csp = PAGE_CSP) {
  return reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The embed loader runs on customers' sites. */
function allowCrossOrigin(reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
}

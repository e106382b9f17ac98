import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { settingsApi as S, withErrors } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { publicBase } from '../public-base.ts';

// Console: the web/H5 channel of each customer-service account (spec 01 §12.1): the shareable chat
// link, its QR code and the embed snippet. Registered behind authenticate + requireConsole.

const tags = ['web channels'];

export async function webChannelRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { accounts } = services;

  app.get('/web-channels', { schema: { tags, querystring: S.webChannelsQuery, response: withErrors({ 200: S.webChannelPage }) } }, async (request) => {
    const { query } = request;
    const needle = query.q?.toLowerCase();
    const all = (await accounts.list(appIdOf(request))).filter((a) => !needle || a.accountId.toLowerCase().includes(needle) || a.nick.toLowerCase().includes(needle));
    const base = publicBase(services.config, request);
    const items = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((a) => webChannel(base, a.accountId, a.nick, a.isDefault, a.publicKey));
    return { items, total: all.length, page: query.page, pageSize: query.pageSize };
  });

  /** A leaked or abused link: a new key; the old link, QR code and embeds stop working at once. */
  app.post('/web-channels/:accountId/rotate-key', { schema: { tags, params: S.accountParams, response: withErrors({ 200: S.webChannel }) } }, async (request) => {
    const { accountId } = request.params;
    const publicKey = await accounts.rotatePublicKey(appIdOf(request), accountId);
    const account = (await accounts.getAccount(appIdOf(request), accountId))!;
    return webChannel(publicBase(services.config, request), accountId, account.nick, account.isDefault, publicKey);
  });
}

function webChannel(base: string, accountId: string, nick: string, isDefault: boolean, publicKey: string) {
  const chatUrl = `${base}/chat/${publicKey}`;
  return {
    accountId,
    nick,
    isDefault,
    publicKey,
    chatUrl,
    qrCodeUrl: `${chatUrl}/qr.svg`,
    embedScript: `<script src="${base}/widget/embed.js" data-key="${publicKey}" async></script>`,
  };
}

const appIdOf = (request: FastifyRequest) => request.caller!.app.sdkAppId;

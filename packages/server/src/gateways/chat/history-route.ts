import type { FastifyInstance } from 'fastify';
import { subscribeFrame } from '@parley/protocol';
import { z } from 'zod';
import { streamOf, unknownAccount } from '../../conversations/index.ts';
import type { Services } from '../../services.ts';
import { authenticateRequest } from './customer-auth.ts';

const HISTORY_PAGE_MAX = 100;

const wholeNumber = (min: number, max: number) => {
  const error = `must be an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const historyQuery = z.object({
  accountId: subscribeFrame.shape.accountId,
  /** Only messages with a smaller seq (the oldest one the client has); omitted: from the newest. */
  before: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: wholeNumber(1, HISTORY_PAGE_MAX).default(50),
});

/**
 * `GET /chat/v1/history`: older messages of the customer's conversation with one account, newest
 * first, as they read now (edited cards and finished streams included), for scrolling back past
 * what the subscription replayed. The customer's own conversation only: the stream is theirs.
 */
export async function historyRoute(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;

  app.get('/history', async (request) => {
    const identity = await authenticateRequest(services, request);
    const query = historyQuery.parse(request.query);
    const appId = identity.app.sdkAppId;
    if (!(await services.accounts.getAccount(appId, query.accountId))) throw unknownAccount(query.accountId);
    await services.customers.recordContact(identity);
    const page = await services.conversationQueries.conversationPage(appId, streamOf(query.accountId, identity.userId), { before: query.before, limit: query.limit });
    return {
      messages: page.messages.map((m) => ({
        seq: m.seq,
        msgKey: m.msgKey,
        sessionId: m.sessionId,
        role: m.fromRole,
        at: m.at.getTime(),
        msgBody: m.body,
        ...(m.cloudCustomData ? { cloudCustomData: m.cloudCustomData } : {}),
      })),
      hasMore: page.hasMore,
    };
  });
}

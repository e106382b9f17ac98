import { streamOf, unknownAccount } from '../../conversations/index.ts';
import type { VerifiedCustomer } from '../../customers/index.ts';
import type { Services } from '../../services.ts';

/**
 * Where a customer's subscription to one conversation starts: after the client's cursor, else at
 * the last `tail` events, else at the beginning; and the conversation's head now. Both transports use it.
 */
export async function startingPoint(services: Services, identity: VerifiedCustomer, accountId: string, position: { after?: number; tail?: number }) {
  const appId = identity.app.sdkAppId;
  if (!(await services.accounts.getAccount(appId, accountId))) throw unknownAccount(accountId);
  const stream = streamOf(accountId, identity.userId);
  const head = await services.events.log.lastSeq(appId, stream);
  const from = position.after ?? (position.tail !== undefined ? Math.max(0, head - position.tail) : 0);
  return { stream, head, from };
}

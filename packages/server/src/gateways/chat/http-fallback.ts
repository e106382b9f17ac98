import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendFrame, subscribeFrame, type ChatEvent } from '@parley/protocol';
import { z } from 'zod';
import type { CustomerIdentity } from '../../customers/index.ts';
import type { StoredEvent } from '../../events/index.ts';
import type { Services } from '../../services.ts';
import { toChatEvent } from './chat-event.ts';
import { authenticateRequest } from './customer-auth.ts';
import type { SendGate } from './send-gate.ts';
import { startingPoint } from './starting-point.ts';

const LONG_POLL_MAX_S = 30;
const PAGE = 500;
const SSE_KEEPALIVE_MS = 20_000;
/** A burst that arrives together is answered together instead of one event per poll. */
const BATCH_MS = 30;
/** One message (at most 12 KB of body) and its framing, as on the socket. */
const SEND_BODY_LIMIT = 64 * 1024;

const eventsQuery = z.object({
  accountId: subscribeFrame.shape.accountId,
  after: z.coerce.number().int().min(0).optional(),
  tail: z.coerce.number().int().min(0).max(500).optional(),
  wait: z.coerce.number().int().min(0).max(LONG_POLL_MAX_S).optional(),
});

/**
 * The HTTP fallback for networks without WebSockets: send with POST, receive with Server-Sent
 * Events (resumable with Last-Event-ID) or long-poll. Same frames, same cursor rules.
 */
export async function httpFallback(app: FastifyInstance, opts: { services: Services; sendGate: SendGate }) {
  const { services, sendGate } = opts;

  app.post('/messages', { bodyLimit: SEND_BODY_LIMIT }, async (request) => {
    const verified = await authenticateRequest(services, request);
    const frame = sendFrame.omit({ type: true }).parse(request.body);
    const identity = await services.customers.recordContact(verified);
    const result = await sendGate.run(() =>
      services.conversations.customerSend({
        appId: identity.app.sdkAppId,
        accountId: frame.accountId,
        userId: identity.userId,
        channelType: identity.channelType,
        languageTag: headerOf(request, 'x-parley-language'),
        msgRandom: frame.msgRandom,
        body: frame.body,
        cloudCustomData: frame.cloudCustomData,
      }),
    );
    return { type: 'ack', id: frame.id, accountId: frame.accountId, msgRandom: frame.msgRandom, ...result };
  });

  app.get('/events', async (request, reply) => {
    const verified = await authenticateRequest(services, request);
    const query = eventsQuery.parse(request.query);
    // A reconnecting EventSource names the last seq it received; that wins over the query.
    const lastEventId = headerOf(request, 'last-event-id');
    const resumeAt = lastEventId && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : query.after;
    const { stream, head, from: after } = await startingPoint(services, verified, query.accountId, { after: resumeAt, tail: query.tail });
    const identity = await services.customers.recordContact(verified);
    if (String(request.headers.accept ?? '').includes('text/event-stream')) return serveSse(services, identity, stream, after, reply);
    const events = await longPoll(services, identity, stream, after, (query.wait ?? 25) * 1000);
    return { events, head: Math.max(head, events.at(-1)?.seq ?? 0), next: events.at(-1)?.seq ?? after };
  });
}

async function longPoll(services: Services, identity: CustomerIdentity, stream: string, after: number, waitMs: number): Promise<ChatEvent[]> {
  // What is already stored is answered from the table at once. (A follower's start() may return
  // before its replay has been delivered, when a bus hint started a read first; wait=0 must not
  // answer in that window with an empty page.)
  const stored = await services.events.log.read(identity.app.sdkAppId, stream, after, PAGE);
  if (stored.length > 0 || waitMs === 0) return stored.map(toChatEvent);
  // Nothing yet: follow until the first event arrives (plus a short window to batch a burst) or the wait ends.
  const collected: ChatEvent[] = [];
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      follower.stop();
      resolve(collected);
    };
    const timer = setTimeout(finish, waitMs);
    const follower = services.events.follow(identity.app.sdkAppId, stream, after, (event: StoredEvent) => {
      if (collected.length >= PAGE) return finish();
      collected.push(toChatEvent(event));
      if (collected.length === 1) setTimeout(finish, BATCH_MS);
    });
    follower.start().then(() => {
      if (collected.length >= PAGE) finish();
    }, finish);
  });
}

async function serveSse(services: Services, identity: CustomerIdentity, stream: string, after: number, reply: FastifyReply): Promise<void> {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  out.write(`retry: 2000\n\n`);
  const follower = services.events.follow(identity.app.sdkAppId, stream, after, (event) => {
    out.write(`id: ${event.seq}\nevent: chat\ndata: ${JSON.stringify(toChatEvent(event))}\n\n`);
  });
  const keepalive = setInterval(() => out.write(': keepalive\n\n'), SSE_KEEPALIVE_MS).unref();
  out.on('close', () => {
    clearInterval(keepalive);
    follower.stop();
  });
  await follower.start();
}

const headerOf = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/callbacks/index.ts';

/** One Desk.SessionEventNotify request as the business server saw it. */
export interface Delivery {
  eventId: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, any>;
  signed: boolean;
}

/**
 * A business server on 127.0.0.1 as spec 05 §7.2 asks for one: it answers the receipt at once and
 * handles the event afterwards. Redeliveries (same event id) are acknowledged but handled once.
 */
export interface AiReceiver {
  url: string;
  /** Every request, in arrival order (redeliveries included). */
  deliveries: Delivery[];
  /** Errors thrown by the handler; a test asserts there are none. */
  errors: unknown[];
  /** Set once the callback secret is known, so signatures are checked from then on. */
  secret?: string;
  /** Resolves when every handler started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startAiReceiver(handle: (delivery: Delivery) => Promise<void>): Promise<AiReceiver> {
  const handled = new Set<string>();
  const pending = new Set<Promise<void>>();
  const receiver: AiReceiver = {
    url: '',
    deliveries: [],
    errors: [],
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const headers = req.headers;
      const eventId = String(headers['x-parley-event-id']);
      const timestamp = String(headers['x-parley-timestamp']);
      const signed = !!receiver.secret && verifySignature(receiver.secret, timestamp, raw, String(headers['x-parley-signature']));
      const delivery: Delivery = { eventId, query: new URL(req.url!, 'http://receiver').searchParams, headers, raw, body: JSON.parse(raw), signed };
      receiver.deliveries.push(delivery);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }));
      if (handled.has(eventId)) return;
      handled.add(eventId);
      const work = handle(delivery)
        .catch((error) => void receiver.errors.push(error))
        .finally(() => pending.delete(work));
      pending.add(work);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/desk-events`;
  return receiver;
}

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the business server answers one ChatBot.OnAssignHuman request. */
export interface Answer {
  status?: number;
  /** An object is sent as JSON; a string as it is (to send something that is not JSON). */
  body: Record<string, unknown> | string;
  /** Wait this long before answering (to outlast the router's timeout). */
  delayMs?: number;
}

export interface AssignRequest {
  url: URL;
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
}

/** A business server on 127.0.0.1 that records assignment requests and answers each with the next scripted answer. */
export interface AssignReceiver {
  url: string;
  received: AssignRequest[];
  /** Answers for the next requests, in order; afterwards `{ ActionStatus: OK, ErrorCode: 0 }` (no preference). */
  answer(...answers: Answer[]): void;
  close(): Promise<void>;
}

export const ok = (fields: Record<string, unknown> = {}): Answer => ({ body: { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, ...fields } });

export async function startAssignReceiver(): Promise<AssignReceiver> {
  const received: AssignRequest[] = [];
  let answers: Answer[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      received.push({ url: new URL(req.url!, 'http://receiver'), headers: req.headers, body: JSON.parse(raw) });
      const answer = answers.shift() ?? ok();
      const send = () => {
        if (res.destroyed) return;
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(text);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/assign?token=abc`,
    received,
    answer: (...next) => void (answers = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens: the connection is refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/assign`;
}

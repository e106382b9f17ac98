import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  url: URL;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, any>;
}

/** A callback receiver on 127.0.0.1 that records requests and answers with the next scripted status. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses for the next requests, in order; afterwards 200. */
  script(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      received.push({ url: new URL(req.url!, 'http://receiver'), headers: req.headers, raw, body: JSON.parse(raw) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ActionStatus: status === 200 ? 'OK' : 'FAIL', ErrorCode: 0, ErrorInfo: '' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/desk-callback`,
    received,
    script: (...next) => void (statuses = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

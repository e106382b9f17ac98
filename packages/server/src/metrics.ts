import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { featureLogger } from './platform/logger.ts';
import type { Services } from './services.ts';

/** Prometheus text at `/metrics`: HTTP traffic, the job queue, the log consumers and open sockets. */
export function registerMetrics(http: FastifyInstance, services: Services): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  registerHttpMetrics(http, registry);
  registerQueueMetrics(registry, services);
  registerSocketMetrics(http, registry);
  http.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

function registerHttpMetrics(http: FastifyInstance, registry: Registry): void {
  const requests = new Counter({ name: 'parley_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  http.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}

/** Read from the database at scrape time; a failed read leaves the last values and is logged. */
function registerQueueMetrics(registry: Registry, services: Services): void {
  const { jobs, consumers } = services.events;
  const failures = new Counter({ name: 'parley_job_failures_total', help: 'Failed job runs (each retry counts), by kind', labelNames: ['kind'], registers: [registry] });
  jobs.onFailure(({ job }) => failures.inc({ kind: job.kind }));
  new Gauge({
    name: 'parley_jobs_due',
    help: 'Jobs due now and not running (the queue depth), by kind',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      await scrape('jobs due', async () => {
        const due = await jobs.dueByKind();
        this.reset();
        for (const [kind, count] of due) this.set({ kind }, count);
      });
    },
  });
  new Gauge({
    name: 'parley_log_consumer_lag_events',
    help: 'Events of the served apps a log consumer has not handled yet',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      for (const consumer of consumers.values()) await scrape('consumer lag', async () => this.set({ consumer: consumer.name }, (await consumer.lag()).events));
    },
  });
  new Gauge({
    name: 'parley_log_consumer_lag_seconds',
    help: 'Age of the oldest event a log consumer has not handled yet (0 when caught up)',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      for (const consumer of consumers.values()) await scrape('consumer lag', async () => this.set({ consumer: consumer.name }, (await consumer.lag()).seconds));
    },
  });
}

/** Counted where the WebSocket server accepts them, so the gateways need no metrics code. */
function registerSocketMetrics(http: FastifyInstance, registry: Registry): void {
  const open = new Gauge({ name: 'parley_websocket_connections', help: 'Open WebSocket connections: customer chat and agent workbench', labelNames: ['socket'], registers: [registry] });
  for (const socket of ['chat', 'workbench']) open.set({ socket }, 0);
  http.addHook('onReady', async () => {
    http.websocketServer.on('connection', (ws: { once(event: 'close', listener: () => void): void }, request: IncomingMessage) => {
      const socket = socketKind(request.url ?? '');
      open.inc({ socket });
      ws.once('close', () => open.dec({ socket }));
    });
  });
}

function socketKind(url: string): string {
  if (url.startsWith('/chat/')) return 'chat';
  if (url.startsWith('/api/workbench/')) return 'workbench';
  return 'other';
}

async function scrape(what: string, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (err) {
    featureLogger('metrics').warn({ err }, `reading ${what} for /metrics failed`);
  }
}

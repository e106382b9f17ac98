import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { RequestLogController } from '../../src/platform/request-log.ts';
import { startTestServer, type TestServer } from '../harness.ts';

describe('/metrics', () => {
  let test: TestServer;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-06-02T00:00:00Z'));
    test = await startTestServer({ clock });
  });
  afterAll(() => test?.close());

  const metrics = async () => (await fetch(`${test.baseUrl}/metrics`)).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('shows queue depth and job failures per kind', async () => {
    const { db, events } = test.server.services;
    const schedule = (kind: string, inMs = 0) => db.transaction((tx) => events.jobs.schedule(tx, { appId: 1, kind, payload: {}, runAt: new Date(clock.now().getTime() + inMs), maxAttempts: 3 }));
    events.jobs.handle('metrics.failing', async () => {
      throw new Error('nope');
    });
    for (let i = 0; i < 3; i++) await schedule('metrics.waiting', i === 2 ? 3_600_000 : 0);
    await schedule('metrics.failing');
    let text = await metrics();
    expect(value(text, 'parley_jobs_due{kind="metrics.waiting"}')).toBe(2);
    expect(value(text, 'parley_jobs_due{kind="metrics.failing"}')).toBe(1);

    events.jobs.handle('metrics.waiting', async () => {});
    await events.jobs.runDue();
    text = await metrics();
    expect(value(text, 'parley_jobs_due{kind="metrics.waiting"}')).toBeUndefined();
    expect(value(text, 'parley_job_failures_total{kind="metrics.failing"}')).toBe(1);
    expect(text).toContain('# TYPE parley_job_failures_total counter');
  });

  it('shows the lag of each log consumer', async () => {
    const { events } = test.server.services;
    const appId = 4242;
    events.consumer({ name: 'metrics-lag', apps: async () => [appId], handler: async () => {} });
    await events.log.transaction(async (tx, batch) => {
      for (let i = 0; i < 3; i++) await events.log.append(tx, batch, appId, 'stream', 'Something', {});
    });
    clock.advance(12_000);
    const text = await metrics();
    expect(value(text, 'parley_log_consumer_lag_events{consumer="metrics-lag"}')).toBe(3);
    expect(value(text, 'parley_log_consumer_lag_seconds{consumer="metrics-lag"}')).toBe(12);
    expect(value(text, 'parley_log_consumer_lag_events{consumer="callbacks"}')).toBe(0);
  });

  it('counts open chat WebSockets', async () => {
    expect(value(await metrics(), 'parley_websocket_connections{socket="chat"}')).toBe(0);
    expect(value(await metrics(), 'parley_websocket_connections{socket="workbench"}')).toBe(0);
    const ws = new WebSocket(`${test.baseUrl.replace(/^http/, 'ws')}/chat/v1/ws`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await until(async () => value(await metrics(), 'parley_websocket_connections{socket="chat"}') === 1);
    expect(value(await metrics(), 'parley_websocket_connections{socket="chat"}')).toBe(1);
    ws.close();
    await until(async () => value(await metrics(), 'parley_websocket_connections{socket="chat"}') === 0);
    expect(value(await metrics(), 'parley_websocket_connections{socket="chat"}')).toBe(0);
  });
});

describe('request logs', () => {
  function logged(statusCode: number, elapsedTime: number, error?: Error) {
    const lines: Array<[string, string]> = [];
    const log = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((level) => [level, (_fields: unknown, msg: string) => lines.push([level, msg])]));
    const controller = new RequestLogController();
    const request = { log, method: 'GET', url: '/x' } as never;
    controller.incomingRequest();
    controller.requestCompleted(error, request, { log, statusCode, elapsedTime } as never);
    return lines;
  }

  it('writes a completed request at debug, a slow one or a server error at warn, an error at error', () => {
    expect(logged(200, 12)).toEqual([['debug', 'request completed']]);
    expect(logged(404, 3)).toEqual([['debug', 'request completed']]);
    expect(logged(200, 1_500)).toEqual([['warn', 'slow request']]);
    expect(logged(503, 5)).toEqual([['warn', 'request failed']]);
    expect(logged(500, 5, new Error('boom'))).toEqual([['error', 'request errored']]);
  });
});

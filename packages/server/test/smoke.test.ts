import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type RestClient, type TestServer } from './harness.ts';

describe('server smoke', () => {
  let test: TestServer;
  let client: RestClient;
  beforeAll(async () => {
    test = await startTestServer();
    client = await createRestClient(test);
  });
  afterAll(() => test?.close());

  it('answers /healthz and /metrics', async () => {
    const health = await fetch(`${test.baseUrl}/healthz`).then((r) => r.json());
    expect(health.status).toBe('ok');
    const metrics = await fetch(`${test.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('parley_http_requests_total');
  });

  it('reads the default robot config through the REST gateway', async () => {
    const res = await client.call('desc_robot_config', { LanguageTag: '' });
    expect(res).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', WelcomeCardTitle: '猜你想问' });
  });
});

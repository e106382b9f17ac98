import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';

// The console's /api/accounts: list, add, edit, delete customer-service accounts with the REST commands' rules.

describe('/api/accounts', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('lists, adds, edits and deletes accounts; the default cannot be deleted', async () => {
    const client = await createRestClient(test);
    const api = createApiClient(test, client);
    const list = await api.request('GET', '/accounts');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].isDefault).toBe(true);

    const added = await api.request('POST', '/accounts', { nick: 'Sales desk', welcomeMessage: 'Hi from sales' });
    expect(added.status).toBe(201);
    const id = added.body.accountId as string;
    expect(added.body.nick).toBe('Sales desk');

    const edited = await api.request('PATCH', `/accounts/${id}`, {
      userTimeout: 600,
      assignmentStrategy: 'webhook',
      assignedByWebhookUrl: 'https://example.com/assign',
      workTime: {
        mode: 'weekly',
        timeZone: 'Asia/Shanghai',
        periods: [
          {
            day: 'Monday',
            ranges: [
              { start: '09:00', end: '12:00' },
              { start: '13:00', end: '18:00' },
            ],
          },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.workTime.periods[0].ranges).toHaveLength(2);
    expect(edited.body.assignmentStrategy).toBe('webhook');

    const bad = await api.request('PATCH', `/accounts/${id}`, { workTime: { timeZone: 'Mars/Olympus' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBeTruthy();
    const unknownField = await api.request('PATCH', `/accounts/${id}`, { IMAgentNick: 'x' });
    expect(unknownField.status).toBe(400);

    expect((await api.request('GET', '/accounts?q=sales')).body.total).toBe(1);
    expect((await api.request('GET', `/accounts/${id}`)).body.userTimeout).toBe(600);

    const refusal = await api.request('DELETE', `/accounts/${list.body.items[0].accountId}`);
    expect(refusal.status).toBe(400);
    expect((await api.request('DELETE', `/accounts/${id}`)).status).toBe(200);
    expect((await api.request('GET', `/accounts/${id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/accounts/${id}`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { userSig } from '../chat/helpers.ts';
import { deskOf } from '../sessions/helpers.ts';
import { loginAgent } from '../workbench/helpers.ts';

// What the fuzz suite (fuzz.test.ts) found, pinned as plain examples.

describe('fuzz findings', () => {
  let test: TestServer;
  let rest: RestClient;
  beforeAll(async () => {
    test = await startTestServer();
    rest = await createRestClient(test, 'Findings app');
  });
  afterAll(() => test?.close());

  it('a malformed chat request from an app user writes nothing: the contact is recorded once the request is valid', async () => {
    const userId = 'never-seen-user';
    const headers = { 'x-parley-app': String(rest.sdkAppId), 'x-parley-user': userId, authorization: `UserSig ${userSig(rest, userId)}` };
    const before = await rest.call('describe_im_cdr_list', { StartTimestamp: 0, EndTimestamp: 2_000_000_000 }, { service: 'desk_http_svc' });
    expect(before.ActionStatus).toBe('OK');
    for (const path of ['/chat/v1/history', '/chat/v1/history?accountId=nobody', '/chat/v1/events?wait=0', '/chat/v1/events?accountId=nobody&wait=0']) {
      const response = await fetch(`${test.baseUrl}${path}`, { headers });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
    const refused = await fetch(`${test.baseUrl}/chat/v1/messages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '@customer_service_account', msgRandom: true, body: [] }),
    });
    expect(refused.status).toBe(400);
    // contact_user reaches only users the app has seen (141015 otherwise): this one was never recorded.
    const contact = await rest.call('contact_user', { IMAgentUserId: '@customer_service_account', ClientUserId: userId }, { service: 'desk_http_svc' });
    expect(contact.ErrorCode, JSON.stringify(contact)).toBe(141015);
    // A valid request records the contact.
    expect((await fetch(`${test.baseUrl}/chat/v1/history?accountId=%40customer_service_account`, { headers })).status).toBe(200);
    const seen = await rest.call('contact_user', { IMAgentUserId: '@customer_service_account', ClientUserId: userId }, { service: 'desk_http_svc' });
    expect(seen.ErrorCode, JSON.stringify(seen)).not.toBe(141015);
  });

  it('refuses an internal-chat cursor past the id column’s range with 400, not 500', async () => {
    const d = deskOf(test, rest);
    const me = await loginAgent(d, { nick: 'Me' });
    const other = await loginAgent(d, { nick: 'Other' });
    for (const before of ['2147483648', '99999999999']) {
      const response = await me.api('GET', `/workbench/internal/${encodeURIComponent(other.memberId)}/messages?before=${before}`);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
    }
    expect((await me.api('GET', `/workbench/internal/${encodeURIComponent(other.memberId)}/messages?before=2147483647`)).status).toBe(200);
  });

  it('keeps refusals short when they quote a huge input (REST ErrorInfo, the upload kind)', async () => {
    const state = await rest.call('get_session_state', { SessionId: 'x'.repeat(70_000) }, { service: 'desk_http_svc' });
    expect(state.ActionStatus).toBe('FAIL');
    expect(state.ErrorInfo.length).toBeLessThanOrEqual(1001);
    const userId = 'uploader';
    const upload = await fetch(`${test.baseUrl}/chat/v1/files?kind=${'%5B'.repeat(4000)}`, {
      method: 'POST',
      headers: { 'x-parley-app': String(rest.sdkAppId), 'x-parley-user': userId, authorization: `UserSig ${userSig(rest, userId)}`, 'content-type': 'application/octet-stream' },
      body: 'bytes',
    });
    expect(upload.status).toBe(400);
    expect((await upload.text()).length).toBeLessThan(300);
  });

  it('answers a malformed body to a path no route serves in the surface envelope, not Fastify’s default', async () => {
    const api = await fetch(`${test.baseUrl}/api/no/such/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(api.status).toBe(400);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
    expect(typeof body.error.message).toBe('string');
    expect(body).not.toHaveProperty('statusCode');
    const top = await fetch(`${test.baseUrl}/nowhere`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '' });
    expect(top.status).toBe(400);
    expect(((await top.json()) as { error: { code: string } }).error.code).toBe('FST_ERR_CTP_EMPTY_JSON_BODY');
  });

  it('answers headers over the limit in the surface envelope: /v4 HTTP 200 with 60002, elsewhere 431 {error}', async () => {
    const long = 'x'.repeat(20_000);
    const api = await fetch(`${test.baseUrl}/api/version?q=${long}`);
    expect(api.status).toBe(431);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('headers_too_large');
    const v4 = await fetch(`${test.baseUrl}/v4/openim_console_http_svc/list_faq?q=${long}`, { method: 'POST', body: '{}' });
    expect(v4.status).toBe(200);
    expect(await v4.json()).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 60002 });
  });
});

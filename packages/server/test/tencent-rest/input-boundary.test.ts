import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, addGroup, newDesk, served } from '../human-rest/helpers.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { desk, deskRaw, enter, expectFail as expectDeskFail, newUser, type Desk } from '../sessions/helpers.ts';
import { addCategory, addQuestion, expectFail, expectHandled, expectOk, getQuestion, listAll, rawCall } from './helpers.ts';

// The Tencent REST gateway's input boundary ("Bad input never reaches the database"): NUL, lone
// surrogates, deep nesting, integers outside int4, loose URLs and wrongly typed fields are refused
// with each command's documented code, always HTTP 200 with the envelope, and nothing is written.

const KB = 'openim_console_http_svc';
/** JSON text nested `levels` deep (as text: JSON.stringify itself overflows the stack on such values). */
const deepJson = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

let test: TestServer;
let client: RestClient;
let d: Desk;
let cat: number;
let qid: string;

beforeAll(async () => {
  test = await startTestServer();
  client = await createRestClient(test);
  d = await newDesk(test, 'Boundary desk');
  cat = await addCategory(client, 'faq', 'boundary');
  qid = await addQuestion(client, 'faq', { CategoryId: cat, Question: 'boundary question', SimilarQuestions: ['similar'] });
});
afterAll(() => test?.close());

/** Raw bodies (lone surrogates must travel as JSON escapes), each refused with `code`; the knowledge base unchanged. */
async function refuseAll(cases: Array<[command: string, raw: string, code: number, service?: string]>) {
  const before = { faq: await listAll(client, 'faq'), config: await client.call('desc_robot_config', {}), sat: await desk(client, 'get_satisfaction_settings') };
  for (const [command, raw, code, service = KB] of cases) {
    const res = await client.call(command, undefined, { service, raw });
    expectHandled(res, `${command} ${raw.slice(0, 120)}`);
    expect(res, `${command} ${raw.slice(0, 120)}`).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
  }
  expect({ faq: await listAll(client, 'faq'), config: await client.call('desc_robot_config', {}), sat: await desk(client, 'get_satisfaction_settings') }).toEqual(before);
}

describe('lone surrogates and NUL', () => {
  it('are refused in every knowledge-base text (-7)', async () => {
    const lone = '"a\\ud800b"';
    await refuseAll([
      ['update_robot_config', `{"FallbackMsg":${lone}}`, -7],
      ['update_robot_config', `{"WelcomeCardQuestions":["ok",${lone}]}`, -7],
      ['update_robot_config', `{"ClarifyMessage":"\\udfff"}`, -7],
      ['add_faq', `{"CategoryId":${cat},"Question":${lone},"Answer":"a"}`, -7],
      ['add_faq', `{"CategoryId":${cat},"Question":"q","Answer":"a","SimilarQuestions":[${lone}]}`, -7],
      ['update_faq_similar', `{"StandardQuestionId":"${qid}","SimilarQuestions":[${lone}]}`, -7],
      ['update_faq', `{"StandardQuestionId":"${qid}","Answer":${lone}}`, -7],
      ['add_faq_category', `{"Title":${lone}}`, -7],
      ['update_faq_category', `{"CategoryId":${cat},"Title":${lone}}`, -7],
      ['list_faq', `{"PageIndex":1,"PageSize":10,"Question":${lone}}`, -7],
      ['add_faq', `{"CategoryId":${cat},"Question":"key","Answer":"a","\\ud800":1}`, -7],
    ]);
  });

  it('are refused in satisfaction settings (141004) and account texts (141004)', async () => {
    const content = (message: string) =>
      `{"SatisfactionContent":{"SubmissionMessage":${message},"OneStarContent":"1","TwoStarContent":"2","ThreeStarContent":"3","FourStarContent":"4","FiveStarContent":"5","SubmissionValidityPeriod":24}}`;
    await refuseAll([
      ['update_satisfaction_settings', content('"a\\ud800"'), 141_004, 'desk_http_svc'],
      ['update_satisfaction_settings', content('"a\\u0000"'), 141_004, 'desk_http_svc'],
      ['update_im_agent', `{"IMAgentUserID":"@customer_service_account","WelcomeMessage":"\\udfff"}`, 141_004, 'desk_http_svc'],
      ['get_session_state', `{"SessionId":"s\\u0000"}`, 141_004, 'desk_http_svc'],
    ]);
  });

  it('in a message body → 90002 (send_msg, modify_msg); elsewhere in a message command → 141004', async () => {
    const userId = newUser();
    const sessionId = await enter(d, userId);
    const body = (text: string) => `[{"MsgType":"TIMTextElem","MsgContent":{"Text":${text}}}]`;
    expectDeskFail(await deskRaw(d.client, 'send_msg', `{"SessionId":"${sessionId}","MsgRandom":1,"MsgBody":${body('"lone \\ud800"')}}`), 90_002);
    expectDeskFail(await deskRaw(d.client, 'send_msg', `{"SessionId":"${sessionId}","MsgRandom":2,"MsgBody":${body('"nul \\u0000"')}}`), 90_002);
    expectDeskFail(await deskRaw(d.client, 'send_msg', `{"SessionId":"${sessionId}","MsgRandom":3,"MsgBody":${body('"ok"')},"CloudCustomData":"\\udfff"}`), 141_004);
    expectDeskFail(await deskRaw(d.client, 'modify_msg', `{"SessionId":"${sessionId}","MsgKey":"k","MsgBody":${body('"\\udc00"')}}`), 90_002);
    expectDeskFail(await deskRaw(d.client, 'send_stream_msg', `{"SessionId":"${sessionId}","Chunk":"\\ud800"}`), 141_004);
    const data = JSON.stringify(JSON.stringify({ customerServicePlugin: 0, src: '15', content: 'LONE' })).replace('LONE', '\\\\ud800');
    expectDeskFail(await deskRaw(d.client, 'send_msg', `{"SessionId":"${sessionId}","MsgRandom":4,"MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{"Data":${data}}}]}`), 90_002);
    // what was refused was not stored: the session shows only what entering it wrote
    const history = await desk(d.client, 'describe_chat_messages', { SessionId: sessionId });
    expect(JSON.stringify(history.Messages)).not.toMatch(/lone|nul /);
  });
});

describe('deep nesting', () => {
  it('a message body nested 5,000 levels (30 KB) → 90002, not an internal error', async () => {
    const sessionId = await enter(d, newUser());
    const extra = `{"FromAccount":"@customer_service_account","MsgRandom":7,"SessionId":"${sessionId}","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x","Extra":${deepJson(5000)}}}]}`;
    expect(extra.length).toBeGreaterThan(10_000);
    expectDeskFail(await deskRaw(d.client, 'send_msg', extra), 90_002);
    expectDeskFail(await deskRaw(d.client, 'send_msg', `{"SessionId":"${sessionId}","MsgRandom":8,"MsgBody":${deepJson(5000)}}`), 90_002);
    expectDeskFail(await deskRaw(d.client, 'modify_msg', `{"SessionId":"${sessionId}","MsgKey":"k","MsgBody":${deepJson(15_000)}}`), 90_002);
  });

  it('other bodies → the invalid-parameter code of their service', async () => {
    await refuseAll([
      ['add_faq', `{"CategoryId":${cat},"Question":"deep","Answer":"a","SimilarQuestions":${deepJson(5000)}}`, -7],
      ['update_satisfaction_settings', `{"SatisfactionContentMultilingual":{"en":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}}`, 141_004, 'desk_http_svc'],
    ]);
  });
});

describe('integers', () => {
  it('outside int4 → -7 / 141004, for every id and count', async () => {
    for (const value of [2_147_483_648, -2_147_483_649]) {
      await refuseAll([
        ['add_faq', JSON.stringify({ CategoryId: value, Question: 'int4', Answer: 'a' }), -7],
        ['del_faq_category', JSON.stringify({ CategoryId: value }), -7],
        ['update_faq', JSON.stringify({ StandardQuestionId: qid, CategoryId: value }), -7],
        ['add_faq_category', JSON.stringify({ Title: 'int4', ParentId: value }), -7],
        ['list_faq', JSON.stringify({ PageIndex: 1, PageSize: 10, CategoryId: value }), -7],
        ['transfer_to_human', JSON.stringify({ SessionId: 's', AgentGroupId: value }), 141_004, 'desk_http_svc'],
        ['transfer_session', JSON.stringify({ SessionId: 's', GroupId: value }), 141_004, 'desk_http_svc'],
        ['update_im_agent', JSON.stringify({ IMAgentUserID: '@customer_service_account', UserTimeout: value }), 141_004, 'desk_http_svc'],
      ]);
    }
  });

  it('booleans where the spec types an Integer are refused', async () => {
    await refuseAll([
      ['update_satisfaction_settings', '{"SatisfactionEnabled":true}', 141_004, 'desk_http_svc'],
      ['update_satisfaction_settings', '{"SatisfactionEnabled":false}', 141_004, 'desk_http_svc'],
      ['update_robot_config', '{"WelcomeCardEnable":true}', -7],
      ['update_robot_config', '{"ChitchatEnable":false}', -7],
      ['update_robot_config', '{"ClarifyNumber":true}', -7],
      ['add_faq', `{"CategoryId":true,"Question":"bool","Answer":"a"}`, -7],
      ['batch_set_faq', `{"StandardQuestionIds":["${qid}"],"Status":true}`, -7],
      ['transfer_to_human', '{"SessionId":"s","SendTipIfNoAgentOnline":true}', 141_004, 'desk_http_svc'],
      ['mark_session', '{"SessionId":"s","StarStatus":true}', 141_004, 'desk_http_svc'],
    ]);
    expectOk(await desk(client, 'update_satisfaction_settings', { SatisfactionEnabled: 1 }));
    expectOk(await client.call('update_robot_config', { WelcomeCardEnable: 1 }));
  });
});

describe('the URL (spec 04 §1.2: five required parameters)', () => {
  const path = `/v4/${KB}/desc_faq_category`;
  let base: Record<string, string>;
  beforeAll(async () => {
    const { default: TLSSigAPIv2 } = await import('tls-sig-api-v2');
    base = {
      sdkappid: String(client.sdkAppId),
      identifier: client.admin,
      usersig: new TLSSigAPIv2.Api(client.sdkAppId, client.secretKey).genSig(client.admin, 3600),
      random: '99999999',
      contenttype: 'json',
    };
  });
  const query = (over: Record<string, string | undefined>, extra = '') =>
    Object.entries({ ...base, ...over })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
      .join('&') + extra;

  it('accepts random 0 and 4294967295', async () => {
    expectOk((await rawCall(test, path, query({ random: '0' }), '{}')).body);
    expectOk((await rawCall(test, path, query({ random: '4294967295' }), '{}')).body);
  });

  it('random over 2^32-1, given twice or missing, and contenttype missing → 60002', async () => {
    for (const q of [
      query({ random: '4294967296' }),
      query({ random: '9999999999' }),
      query({}, '&random=1'),
      query({ random: undefined }),
      query({ contenttype: undefined }),
      query({ contenttype: 'json' }, '&contenttype=json'),
      query({ random: '' }),
    ]) {
      const { status, body } = await rawCall(test, path, q, '{}');
      expect(status).toBe(200);
      expectFail(body, 60002);
    }
  });
});

describe('the administrator', () => {
  it('message commands answer a non-administrator with their documented 90009; others keep -20 / their code', async () => {
    for (const command of ['send_msg', 'send_stream_msg', 'modify_msg', 'transfer_to_human']) {
      expectFail(await client.call(command, {}, { service: 'desk_http_svc', identifier: 'not-the-admin' }), 90_009);
    }
    expectFail(await client.call('desc_faq_category', {}, { identifier: 'not-the-admin' }), -20);
    expectFail(await client.call('get_im_agent_list', {}, { service: 'desk_http_svc', identifier: 'not-the-admin' }), -20);
  });
});

describe('answers outside any command keep the envelope (HTTP 200)', () => {
  it('unknown paths and methods under /v4, bad percent-encoding and long segments → 60002', async () => {
    for (const [path, method] of [
      ['/v4', 'POST'],
      ['/v4/', 'GET'],
      [`/v4/${KB}`, 'POST'],
      [`/v4/${KB}/desc_faq_category/extra`, 'POST'],
      [`/v4/${KB}/%E0%A4%A`, 'POST'],
      [`/v4/%ZZ/x`, 'GET'],
      [`/v4/${KB}/${'c'.repeat(1000)}`, 'POST'],
    ]) {
      const { status, body } = await rawCall(test, path, '', method === 'GET' ? undefined : '{}', method);
      expect(status, path).toBe(200);
      expectFail(body, 60002);
    }
  });

  it('a body over the size limit → 141004 on desk_http_svc, 93000 for message commands (-7 on the knowledge base)', async () => {
    const huge = JSON.stringify({ Mark: 'm'.repeat(11 * 1024 * 1024) });
    expectFail(await client.call('mark_session', undefined, { service: 'desk_http_svc', raw: huge }), 141_004);
    expectFail(await client.call('send_msg', undefined, { service: 'desk_http_svc', raw: huge }), 93_000);
  });

  it('other prefixes keep their own shape: unknown paths → 404 { error }, bad URLs → 400 { error }', async () => {
    const missing = await rawCall(test, '/no-such-surface/x', '', undefined, 'GET');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const bad = await rawCall(test, '/no-such-surface/%E0%A4%A', '', undefined, 'GET');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'FST_ERR_BAD_URL', message: expect.any(String) } });
  });
});

describe('rich-text answers (AnswerType 2)', () => {
  it('keep safe links and round-trip; unsafe ones lose only the link', async () => {
    const answer = 'Read <a href="https://example.com/doc">doc</a> or mail <a href="mailto:help@example.com">us</a>, <b>thanks</b>';
    const id = await addQuestion(client, 'faq', { CategoryId: cat, Question: 'rich links', Answer: answer, AnswerType: 2 });
    expect((await getQuestion(client, 'faq', id))!.Answer).toBe(answer);
    expectOk(
      await client.call('update_faq', { StandardQuestionId: id, Answer: '<a href="javascript:alert(1)" target="_blank">x</a> <a href="https://e.example" target="_blank">y</a>', AnswerType: 2 }),
    );
    expect((await getQuestion(client, 'faq', id))!.Answer).toBe('<a>x</a> <a href="https://e.example" target="_blank" rel="noopener noreferrer">y</a>');
  });
});

describe('describe_im_cdr_list', () => {
  it('names the group of the agent who served the session (AgentGroupName)', async () => {
    const agent = await addAgent(d);
    const groupId = await addGroup(d, [agent]);
    const group = await test.server.services.team.groups.get(d.appId, groupId);
    const t = Math.floor(test.server.services.clock.now().getTime() / 1000);
    const { sessionId } = await served(d, agent);
    expectOk(await desk(d.client, 'end_session', { SessionId: sessionId }));
    const res = await desk(d.client, 'describe_im_cdr_list', { StartTimestamp: t - 5, EndTimestamp: t + 3600 });
    expectOk(res);
    const record = res.IMCdrList.find((r: { SessionId: string }) => r.SessionId === sessionId);
    expect(record).toMatchObject({ AgentId: agent, AgentGroupId: String(groupId), AgentGroupName: group.name });
  });
});

import TLSSigAPIv2 from 'tls-sig-api-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { allCategoryId, expectFail, expectOk, rawCall, unique } from './helpers.ts';

// Spec 04 §1.2-§1.7: query-string authentication, the envelope, -7/-20 and the 5/s rate limit.

const SVC = '/v4/openim_console_http_svc';

function query(fields: Record<string, string | number | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}

describe('authentication and envelope', () => {
  let test: TestServer;
  let a: RestClient;
  let b: RestClient;
  let sigA: string;
  beforeAll(async () => {
    test = await startTestServer();
    a = await createRestClient(test, 'App A');
    b = await createRestClient(test, 'App B');
    sigA = new TLSSigAPIv2.Api(a.sdkAppId, a.secretKey).genSig(a.admin, 3600);
  });
  afterAll(() => test?.close());

  const full = (over: Record<string, string | number | undefined> = {}) => query({ sdkappid: a.sdkAppId, identifier: a.admin, usersig: sigA, random: 12345, contenttype: 'json', ...over });

  it("accepts a request signed by Tencent's own library, with the documented envelope", async () => {
    const { status, body } = await rawCall(test, `${SVC}/desc_faq_category`, full(), '{}');
    expect(status).toBe(200);
    expectOk(body);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['ActionStatus', 'ErrorCode', 'ErrorInfo', 'Total', 'List']));
  });

  it.each(['sdkappid', 'identifier', 'usersig'])('missing %s → HTTP 200, 60002', async (param) => {
    const { status, body } = await rawCall(test, `${SVC}/desc_faq_category`, full({ [param]: undefined }), '{}');
    expect(status).toBe(200);
    expectFail(body, 60002);
  });

  it('no query string at all → 60002', async () => {
    const { status, body } = await rawCall(test, `${SVC}/desc_faq_category`, '', '{}');
    expect(status).toBe(200);
    expectFail(body, 60002);
  });

  it('contenttype other than json, or a non-numeric random → 60002', async () => {
    expectFail((await rawCall(test, `${SVC}/desc_faq_category`, full({ contenttype: 'xml' }), '{}')).body, 60002);
    expectFail((await rawCall(test, `${SVC}/desc_faq_category`, full({ random: 'abc' }), '{}')).body, 60002);
  });

  it('unknown sdkappid → 70020', async () => {
    let unknown = 1_000_000_001;
    while (unknown === a.sdkAppId || unknown === b.sdkAppId) unknown++;
    const sig = new TLSSigAPIv2.Api(unknown, a.secretKey).genSig(a.admin, 3600);
    expectFail((await rawCall(test, `${SVC}/desc_faq_category`, full({ sdkappid: unknown, usersig: sig }), '{}')).body, 70020);
    expectFail((await rawCall(test, `${SVC}/desc_faq_category`, full({ sdkappid: 'notanumber' }), '{}')).body, 60002);
  });

  it('malformed usersig → 70003', async () => {
    for (const usersig of ['garbage', 'eJyrVkrOz', '']) {
      const { status, body } = await rawCall(test, `${SVC}/desc_faq_category`, full({ usersig }), '{}');
      expect(status).toBe(200);
      expectFail(body, usersig === '' ? 60002 : 70003);
    }
  });

  it("sig signed with another app's SecretKey → 70009", async () => {
    const forged = new TLSSigAPIv2.Api(a.sdkAppId, b.secretKey).genSig(a.admin, 3600);
    expectFail(await a.call('desc_faq_category', {}, { usersig: forged }), 70009);
  });

  it('identifier in the URL differs from the one in the sig → 70013', async () => {
    expectFail(await a.call('desc_faq_category', {}, { identifier: 'someone_else', usersig: sigA }), 70013);
  });

  it('sdkappid in the URL differs from the one in the sig → 70014', async () => {
    const sigB = new TLSSigAPIv2.Api(b.sdkAppId, b.secretKey).genSig(b.admin, 3600);
    expectFail((await rawCall(test, `${SVC}/desc_faq_category`, full({ usersig: sigB, identifier: b.admin }), '{}')).body, 70014);
  });

  it('expired sig → 70001', async () => {
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now - 2 * 3600 * 1000);
    let old: string;
    try {
      old = new TLSSigAPIv2.Api(a.sdkAppId, a.secretKey).genSig(a.admin, 60);
    } finally {
      spy.mockRestore();
    }
    expectFail(await a.call('desc_faq_category', {}, { usersig: old! }), 70001);
  });

  it('a valid sig for a non-admin identifier → -20, and nothing is written', async () => {
    const all = await allCategoryId(a, 'faq');
    const res = await a.call('add_faq', { CategoryId: all, Question: 'by a user', Answer: 'x' }, { identifier: 'user1' });
    expectFail(res, -20);
    const list = await a.call('list_faq', { PageIndex: 1, PageSize: 10, Question: 'by a user' });
    expect(list.StandardQuestionCount).toBe(0);
  });

  it('unknown command or unknown service → -7 (after authentication)', async () => {
    expectFail(await a.call('no_such_command', {}), -7);
    expectFail(await a.call('desc_faq_category', {}, { service: 'no_such_svc' }), -7);
    expectFail(await a.call('__proto__', {}), -7);
    expectFail(await a.call('toString', {}), -7);
    // authentication is checked first
    expectFail(await a.call('no_such_command', {}, { usersig: 'garbage' }), 70003);
  });

  it('malformed JSON → -7; empty body means {}', async () => {
    expectFail(await a.call('desc_faq_category', undefined, { raw: '{"broken": ' }), -7);
    expectFail(await a.call('desc_faq_category', undefined, { raw: 'not json' }), -7);
    expectOk(await a.call('desc_faq_category', undefined, { raw: '' }));
  });

  it('a body that is not an object → -7', async () => {
    for (const raw of ['[]', '[{"Title":"x"}]', '"text"', '42', 'null', 'true']) {
      expectFail(await a.call('add_faq_category', undefined, { raw }), -7);
    }
  });

  it('a GET (not POST) request is refused with -7', async () => {
    const { status, body } = await rawCall(test, `${SVC}/desc_faq_category`, full(), undefined, 'GET');
    expect(status).toBe(200);
    expectFail(body, -7);
  });

  it('wrong field types → -7 naming the field', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['list_faq', { PageIndex: '1', PageSize: 10 }, 'PageIndex'],
      ['list_faq', { PageIndex: 1, PageSize: 1.5 }, 'PageSize'],
      ['add_faq_category', { Title: 5 }, 'Title'],
      ['add_faq_category', { Title: 'x', ParentId: 'abc' }, 'ParentId'],
      ['add_faq', { CategoryId: '1', Question: 'q', Answer: 'a' }, 'CategoryId'],
      ['add_faq', { CategoryId: 1, Question: 'q', Answer: 'a', SimilarQuestions: 'nope' }, 'SimilarQuestions'],
      ['batch_set_faq', { StandardQuestionIds: 'x', Status: 4 }, 'StandardQuestionIds'],
      ['update_robot_config', { WelcomeCardEnable: 'yes' }, 'WelcomeCardEnable'],
      ['update_robot_config', { WelcomeCardQuestions: [1, 2] }, 'WelcomeCardQuestions'],
      ['robot_add_language', { LanguageTag: 1 }, 'LanguageTag'],
      ['desk_add_robot', { RobotNickName: ['x'] }, 'RobotNickName'],
    ];
    for (const [command, body, field] of cases) {
      const res = await a.call(command, body);
      expectFail(res, -7);
      expect(res.ErrorInfo, `${command} ${JSON.stringify(body)}`).toContain(field);
    }
  });

  it('missing required fields → -7 naming the field', async () => {
    const res = await a.call('list_faq', { PageSize: 10 });
    expectFail(res, -7);
    expect(res.ErrorInfo).toContain('PageIndex');
    const res2 = await a.call('add_faq_category', {});
    expectFail(res2, -7);
    expect(res2.ErrorInfo).toContain('Title');
  });

  it('keys are matched case-insensitively', async () => {
    const id = (await a.call('add_faq_category', { title: unique('lower') })).CategoryId;
    expect(Number.isInteger(id)).toBe(true);
    const res = await a.call('list_faq', { pageindex: 1, PAGESIZE: 5 });
    expectOk(res);
    const res2 = await a.call('desc_robot_config', { languagetag: '' });
    expectOk(res2);
  });

  it('unknown extra fields are ignored, not rejected', async () => {
    expectOk(await a.call('desc_faq_category', { Something: 1 }));
  });
});

describe('rate limit (5 calls per second per app per command)', () => {
  describe('with the real clock', () => {
    let test: TestServer;
    beforeAll(async () => {
      test = await startTestServer({ config: { restRateLimit: 5 } });
    });
    afterAll(() => test?.close());

    it('a burst of 16 concurrent calls gets -14 beyond 5 per one-second window', async () => {
      const client = await createRestClient(test);
      const t0 = Date.now();
      const results = await Promise.all(Array.from({ length: 16 }, () => client.call('desc_faq_category', {})));
      const t1 = Date.now();
      const windows = Math.floor(t1 / 1000) - Math.floor(t0 / 1000) + 1;
      const okCount = results.filter((r) => r.ActionStatus === 'OK').length;
      const limited = results.filter((r) => r.ErrorCode === -14);
      expect(okCount + limited.length).toBe(16);
      for (const r of limited) expectFail(r, -14);
      // A fixed 1-second window lets at most 5 through per window the burst touched.
      expect(okCount).toBeLessThanOrEqual(5 * windows);
      if (windows <= 3) expect(limited.length).toBeGreaterThan(0);
      expect(okCount).toBeGreaterThanOrEqual(5);
    });
  });

  describe('with a manual clock (deterministic windows)', () => {
    let test: TestServer;
    const clock = new ManualClock(new Date());
    beforeAll(async () => {
      test = await startTestServer({ config: { restRateLimit: 5 }, clock });
    });
    afterAll(() => test?.close());

    it('the 6th call in one second → -14; another command and another app are unaffected; the next second is fresh', async () => {
      const a = await createRestClient(test, 'A');
      const b = await createRestClient(test, 'B');
      const first = await Promise.all(Array.from({ length: 8 }, () => a.call('desc_faq_category', {})));
      expect(first.filter((r) => r.ActionStatus === 'OK')).toHaveLength(5);
      expect(first.filter((r) => r.ErrorCode === -14)).toHaveLength(3);
      expectFail(await a.call('desc_faq_category', {}), -14);
      // another command of the same app
      expectOk(await a.call('desc_chitchat_category', {}));
      // the same command of another app
      expectOk(await b.call('desc_faq_category', {}));
      clock.advance(1000);
      expectOk(await a.call('desc_faq_category', {}));
    });

    it('a rate-limited call writes nothing', async () => {
      const a = await createRestClient(test, 'A2');
      clock.advance(1000);
      const results = await Promise.all(Array.from({ length: 7 }, (_, i) => a.call('add_faq_category', { Title: `c${i}` })));
      const ok = results.filter((r) => r.ActionStatus === 'OK');
      expect(ok).toHaveLength(5);
      clock.advance(1000);
      const list = (await a.call('desc_faq_category', {})).List;
      expect(list.filter((c: any) => c.MenuType === 0)).toHaveLength(5);
    });

    it('desc_robot_config and update_robot_config are not rate-limited', async () => {
      const a = await createRestClient(test, 'A3');
      clock.advance(1000);
      const reads = await Promise.all(Array.from({ length: 10 }, () => a.call('desc_robot_config', {})));
      for (const r of reads) expectOk(r);
      const writes = await Promise.all(Array.from({ length: 8 }, (_, i) => a.call('update_robot_config', { ClarifyNumber: (i % 5) + 1 })));
      for (const r of writes) expectOk(r);
    });

    it('every other console command and desk_add_robot are limited', async () => {
      const commands: Array<[string, Record<string, unknown>]> = [
        ['list_faq', { PageIndex: 1, PageSize: 1 }],
        ['list_chitchat', { PageIndex: 1, PageSize: 1 }],
        ['desc_chitchat_category', {}],
        ['robot_get_language_list', {}],
        ['desk_add_robot', { RobotNickName: '' }], // invalid body still counts: the limit applies first
        ['batch_set_faq', { StandardQuestionIds: [], Status: 4 }],
        ['del_faq_category', { CategoryId: 1 }],
        ['update_faq', { StandardQuestionId: 'x' }],
        ['robot_add_language', { LanguageTag: 'xx' }],
        ['robot_del_language', { LanguageTag: 'xx' }],
      ];
      const a = await createRestClient(test, 'A4');
      clock.advance(1000);
      for (const [command, body] of commands) {
        const results = await Promise.all(Array.from({ length: 6 }, () => a.call(command, body)));
        expect(
          results.filter((r) => r.ErrorCode === -14),
          command,
        ).toHaveLength(1);
      }
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type RestClient, type TestServer } from '../harness.ts';

const outcomes = ['direct', 'chitchat', 'clarify', 'to_agent', 'fallback'] as const;
const sum = (counts: Record<string, number>) => outcomes.reduce((n, o) => n + counts[o]!, 0);

describe('threshold preview over the last production questions', () => {
  let test: TestServer;
  let client: RestClient;
  let api: ApiClient;

  const preview = (body: Record<string, unknown>, robotId = 'default', as = api) => as.request('POST', `/robots/${encodeURIComponent(robotId)}/threshold-preview`, body);

  beforeAll(async () => {
    test = await startTestServer();
    client = await createRestClient(test);
    api = createApiClient(test, client);
  });
  afterAll(() => test?.close());

  it('is empty before any customer asked', async () => {
    const res = await preview({ directAnsweringReaches: 0.8, chitchatReaches: 0.8, clarifyReaches: 0.3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, changed: 0, examples: [] });
  });

  it('replays the logged questions under the current and the proposed thresholds', async () => {
    const category = (await client.call('add_faq_category', { Title: '订单' })).CategoryId;
    const faqs: [string, string, string[]][] = [
      ['怎么取消订单', '在我的订单里点取消', ['订单不想要了如何取消']],
      ['发票怎么开', '订单详情里申请发票', ['如何开发票']],
      ['运费怎么算', '满99包邮', ['邮费多少']],
      ['怎么修改收货地址', '在订单详情里修改地址', ['地址填错了']],
    ];
    for (const [Question, Answer, SimilarQuestions] of faqs) {
      expect((await client.call('add_faq', { CategoryId: category, Question, Answer, SimilarQuestions })).ErrorCode).toBe(0);
    }
    const questions = ['怎么取消订单', '订单不想要了', '发票怎么开', '开发票', '运费怎么算', '邮费', '收货地址怎么改', '地址错了', '今天北京天气怎么样', '取消'];
    for (const text of questions) {
      const res = await api.request('POST', '/robots/default/test', { text, env: 'prod' });
      expect(res.status).toBe(200);
    }
    // The test window's answers are not logged, so they do not count.
    await api.request('POST', '/robots/default/test', { text: '怎么取消订单', env: 'test' });

    const config = (await api.request('GET', '/robots/default/config?env=prod')).body;
    const same = await preview({ directAnsweringReaches: config.directAnsweringReaches, chitchatReaches: config.chitchatReaches, clarifyReaches: config.clarifyReaches });
    expect(same.status).toBe(200);
    expect(same.body.total).toBe(questions.length);
    expect(same.body.proposed).toEqual(same.body.current);
    expect(same.body.changed).toBe(0);
    expect(sum(same.body.current)).toBe(questions.length);

    // A clarify threshold no score is above: no clarify lists; direct answers only at a perfect score.
    const strict = (await preview({ directAnsweringReaches: 1, chitchatReaches: 1, clarifyReaches: 1 })).body;
    expect(strict.proposed.clarify).toBe(0);
    expect(strict.proposed.direct).toBeLessThan(strict.current.direct);
    expect(strict.proposed.fallback + strict.proposed.to_agent).toBeGreaterThan(strict.current.fallback + strict.current.to_agent);
    expect(strict.examples.every((e: { from: string; to: string }) => e.from === 'direct' && e.to !== 'direct')).toBe(true);
    expect(sum(strict.proposed)).toBe(questions.length);

    // Thresholds at zero: the out-of-scope question gets an answer too.
    const loose = (await preview({ directAnsweringReaches: 0, chitchatReaches: 0, clarifyReaches: 0 })).body;
    expect(loose.proposed.fallback).toBeLessThan(loose.current.fallback);
    expect(loose.proposed.direct + loose.proposed.chitchat).toBeGreaterThan(loose.current.direct + loose.current.chitchat);
    expect(loose.changed).toBeGreaterThan(0);
    expect(loose.examples.length).toBe(Math.min(loose.changed, 10));
    for (const example of loose.examples) {
      expect(questions).toContain(example.question);
      expect(example.to).not.toBe(example.from);
    }

    // Switching clarify off moves every clarify list elsewhere.
    const noClarify = (await preview({ directAnsweringReaches: config.directAnsweringReaches, chitchatReaches: config.chitchatReaches, clarifyReaches: config.clarifyReaches, clarifyEnable: false }))
      .body;
    expect(noClarify.proposed.clarify).toBe(0);
    expect(noClarify.changed).toBe(noClarify.current.clarify);
  });

  it('counts only the asked language', async () => {
    expect((await client.call('robot_add_language', { LanguageTag: 'en' })).ErrorCode).toBe(0);
    const res = await preview({ language: 'en', directAnsweringReaches: 0.8, chitchatReaches: 0.8, clarifyReaches: 0.3 });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });

  it("refuses another app's robot and bad thresholds", async () => {
    const added = await api.request('POST', '/robots', { nickname: 'second' });
    expect(added.status).toBe(200);
    const body = { directAnsweringReaches: 0.8, chitchatReaches: 0.8, clarifyReaches: 0.3 };
    expect((await preview(body, added.body.robotId)).status).toBe(200);
    const other = createApiClient(test, await createRestClient(test, 'other app'));
    expect((await preview(body, added.body.robotId, other)).status).toBe(404);
    expect((await preview({ ...body, clarifyReaches: 1.5 })).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApiClient, createRestClient, startServerPair, startTestServer, type ApiClient, type RestClient, type ServerPair, type TestServer } from '../harness.ts';

async function addCategory(client: RestClient, title: string): Promise<number> {
  const res = await client.call('add_faq_category', { Title: title });
  expect(res.ErrorCode).toBe(0);
  return res.CategoryId;
}

async function idOf(client: RestClient, question: string, languageTag = ''): Promise<string> {
  const res = await client.call('list_faq', { PageIndex: 1, PageSize: 50, Question: question, LanguageTag: languageTag });
  const hit = res.QuestionList.find((q: any) => q.StandardQuestion === question);
  expect(hit, `question "${question}" in production`).toBeTruthy();
  return hit.StandardQuestionId;
}

const ask = async (api: ApiClient, text: string, env: 'test' | 'prod' = 'prod', languageTag = '') => {
  const res = await api.request('POST', '/robots/default/test', { text, env, languageTag });
  expect(res.status).toBe(200);
  return res.body;
};

describe('answering through the production path', () => {
  let test: TestServer;
  let client: RestClient;
  let api: ApiClient;
  let category: number;

  beforeAll(async () => {
    test = await startTestServer();
    client = await createRestClient(test);
    api = createApiClient(test, client);
    category = await addCategory(client, '订单');
  });
  afterAll(() => test?.close());

  it('answers a question the moment it is added, with the entry, score and candidates', async () => {
    await ask(api, '预热一下索引'); // load the index before the edit so the edit is applied incrementally
    await client.call('add_faq', { CategoryId: category, Question: '怎么取消订单', Answer: '在我的订单里点取消', SimilarQuestions: ['订单不想要了如何取消', '下单后可以取消吗'] });
    const answer = await ask(api, '怎么取消订单');
    expect(answer.branch).toBe('direct');
    expect(answer.entry.question).toBe('怎么取消订单');
    expect(answer.entry.answer).toBe('在我的订单里点取消');
    expect(answer.reply).toEqual({ type: 'text', text: '在我的订单里点取消' });
    expect(answer.score).toBeGreaterThan(0.5);
    expect(answer.candidates.faq[0].questionId).toBe(answer.entry.questionId);
  });

  it('never matches a disabled question, and matches again once re-enabled', async () => {
    await client.call('add_faq', { CategoryId: category, Question: '发票怎么开', Answer: '订单详情里申请发票' });
    const id = await idOf(client, '发票怎么开');
    expect((await ask(api, '发票怎么开')).entry?.questionId).toBe(id);
    expect((await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 5 })).ErrorCode).toBe(0);
    const disabled = await ask(api, '发票怎么开');
    expect(disabled.entry?.questionId).not.toBe(id);
    expect(disabled.candidates.faq.map((c: any) => c.questionId)).not.toContain(id);
    await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 4 });
    expect((await ask(api, '发票怎么开')).entry?.questionId).toBe(id);
  });

  it('forgets deleted questions', async () => {
    await client.call('add_faq', { CategoryId: category, Question: '运费怎么算', Answer: '满99包邮' });
    const id = await idOf(client, '运费怎么算');
    await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 6 });
    const after = await ask(api, '运费怎么算');
    expect(after.candidates.faq.map((c: any) => c.questionId)).not.toContain(id);
  });

  it('keeps console edits in test until they are published', async () => {
    const added = await api.request('POST', '/robots/default/faq/questions', { categoryId: category, question: '支持货到付款吗', answer: '部分地区支持' });
    expect(added.status).toBe(200);
    expect((await ask(api, '支持货到付款吗', 'test')).entry?.questionId).toBe(added.body.questionId);
    expect((await ask(api, '支持货到付款吗', 'prod')).entry?.questionId).not.toBe(added.body.questionId);
    expect((await api.request('POST', '/robots/default/publish', { note: 'cod' })).status).toBe(200);
    expect((await ask(api, '支持货到付款吗', 'prod')).entry?.questionId).toBe(added.body.questionId);
  });

  it('matches only the questions of the asked language', async () => {
    expect((await client.call('robot_add_language', { LanguageTag: 'en' })).ErrorCode).toBe(0);
    await client.call('add_faq', { CategoryId: category, Question: 'How do I cancel my order', Answer: 'Open My Orders and tap Cancel', LanguageTag: 'en' });
    const english = await ask(api, 'How do I cancel my order', 'prod', 'en');
    expect(english.branch).toBe('direct');
    expect(english.entry.answer).toBe('Open My Orders and tap Cancel');
    const defaultLanguage = await ask(api, 'How do I cancel my order', 'prod', '');
    expect(defaultLanguage.entry?.answer).not.toBe('Open My Orders and tap Cancel');
  });

  it('falls back with the configured message, and offers a clarify card in the clarify band', async () => {
    await client.call('update_robot_config', { FallbackMsg: '换个问法试试', DirectAnsweringReaches: '1', ClarifyReaches: '0', ClarifyEnable: 1, ChitchatEnable: 0, ClarifyMessage: '您是不是想问:' });
    const clarify = await ask(api, '怎么取消订单');
    expect(clarify.branch).toBe('clarify');
    expect(clarify.reply.type).toBe('custom');
    expect(clarify.reply.data).toMatchObject({ src: '29', subtype: 'clarify_msg', content: { title: '您是不是想问:' } });
    expect(clarify.reply.data.content.items.map((i: any) => i.content)).toContain('怎么取消订单');
    await client.call('update_robot_config', { ClarifyEnable: 0, ToAgentEnable: 0 });
    const fallback = await ask(api, '怎么取消订单');
    expect(fallback.branch).toBe('fallback');
    expect(fallback.reply).toEqual({ type: 'text', text: '换个问法试试' });
    await client.call('update_robot_config', { DirectAnsweringReaches: '0.8', ClarifyReaches: '0.4', ClarifyEnable: 1, ChitchatEnable: 1, ToAgentEnable: 1 });
  });

  it('answers rich-text entries with a src 30 message', async () => {
    await client.call('add_faq', { CategoryId: category, Question: '退货流程是什么', Answer: '**第一步** 申请退货', AnswerType: 2 });
    const answer = await ask(api, '退货流程是什么');
    expect(answer.reply).toEqual({ type: 'custom', data: { customerServicePlugin: 0, src: '30', content: '**第一步** 申请退货' } });
  });

  it('serves the welcome card when enabled', async () => {
    await client.call('update_robot_config', { WelcomeCardEnable: 1, WelcomeCardTitle: '猜你想问', WelcomeCardQuestions: ['怎么取消订单', '发票怎么开'] });
    const res = await api.request('GET', '/robots/default/welcome?env=prod');
    expect(res.body.card).toEqual({
      customerServicePlugin: 0,
      src: '29',
      subtype: 'welcome_msg',
      content: { title: '猜你想问', content: '', items: [{ content: '怎么取消订单' }, { content: '发票怎么开' }] },
    });
  });

  it('logs production answers but not test-window answers', async () => {
    const count = async () => {
      const result = await test.server.services.db.execute(sql`SELECT count(*)::int AS n FROM bot_answer_log WHERE app_id = ${client.sdkAppId}`);
      return Number((result as any).rows[0].n);
    };
    const before = await count();
    await ask(api, '怎么取消订单', 'prod');
    await ask(api, '怎么取消订单', 'test');
    expect(await count()).toBe(before + 1);
  });

  it('keeps every robot and app apart', async () => {
    const other = await createRestClient(test, 'other app');
    const otherApi = createApiClient(test, other);
    const res = await otherApi.request('POST', '/robots/default/test', { text: '怎么取消订单', env: 'prod' });
    expect(res.status).toBe(200);
    expect(res.body.candidates.faq).toEqual([]);
  });
});

describe('edits made through another process', () => {
  let pair: ServerPair;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    // On PGlite each server has its own in-process bus, so B never hears A's announcements and must
    // notice the change by the robot's revision; with Redis both paths run.
    pair = await startServerPair();
    ({ a, b } = pair);
  });
  afterAll(() => pair?.close());

  it('answers on B with knowledge written on A, including updates and deletions', async () => {
    const clientA = await createRestClient(a);
    const apiB = createApiClient(b, clientA);
    const category = await addCategory(clientA, '账号');
    await clientA.call('add_faq', { CategoryId: category, Question: '忘记密码怎么办', Answer: '点击忘记密码重置' });
    const first = await ask(apiB, '忘记密码怎么办');
    expect(first.branch).toBe('direct');
    expect(first.entry.answer).toBe('点击忘记密码重置');

    const id = await idOf(clientA, '忘记密码怎么办');
    await clientA.call('update_faq', { StandardQuestionId: id, Answer: '用手机验证码重置密码' });
    expect((await ask(apiB, '忘记密码怎么办')).entry.answer).toBe('用手机验证码重置密码');

    await clientA.call('batch_set_faq', { StandardQuestionIds: [id], Status: 6 });
    expect((await ask(apiB, '忘记密码怎么办')).candidates.faq.map((c: any) => c.questionId)).not.toContain(id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { addQuestion, allCategoryId, expectFail, expectOk } from './helpers.ts';

// E28 robot_add_language, E29 robot_get_language_list, E30 robot_del_language.

describe('languages (E28-E30)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);
  const languages = async (client: Awaited<ReturnType<typeof fresh>>, extra = {}) => {
    const res = await client.call('robot_get_language_list', extra);
    expectOk(res);
    return res.Languages as Array<{ LanguageTag: string; IsDefault: number }>;
  };

  it('a new robot has only the default language ""', async () => {
    const client = await fresh();
    expect(await languages(client)).toEqual([{ LanguageTag: '', IsDefault: 1 }]);
  });

  it('robot_add_language adds each supported tag; the list shows them with IsDefault 0; adding twice is harmless', async () => {
    const client = await fresh();
    const res = await client.call('robot_add_language', { LanguageTag: 'id' });
    expectOk(res);
    expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    expectOk(await client.call('robot_add_language', { LanguageTag: 'zh-TW' }));
    expectOk(await client.call('robot_add_language', { LanguageTag: 'id' }));
    const list = await languages(client);
    expect(list).toHaveLength(3);
    expect(list).toContainEqual({ LanguageTag: '', IsDefault: 1 });
    expect(list).toContainEqual({ LanguageTag: 'id', IsDefault: 0 });
    expect(list).toContainEqual({ LanguageTag: 'zh-TW', IsDefault: 0 });
  });

  it('every documented tag is supported', async () => {
    for (const group of [
      ['id', 'zh', 'zh-TW', 'en'],
      ['vi', 'ja', 'fil'],
    ]) {
      const client = await fresh();
      for (const tag of group) expectOk(await client.call('robot_add_language', { LanguageTag: tag }));
    }
  });

  it('unsupported tag → -50051 (including "", wrong case and near misses)', async () => {
    const client = await fresh();
    for (const tag of ['fr', 'EN', 'zh-tw', 'zh-CN', 'en ', '', 'xx']) {
      expectFail(await client.call('robot_add_language', { LanguageTag: tag }), -50051);
    }
    expect(await languages(client)).toHaveLength(1);
  });

  it('beyond 5 languages including the default → -50052', async () => {
    const client = await fresh();
    for (const tag of ['en', 'ja', 'vi', 'id']) expectOk(await client.call('robot_add_language', { LanguageTag: tag }));
    expectFail(await client.call('robot_add_language', { LanguageTag: 'fil' }), -50052);
    expect(await languages(client)).toHaveLength(5);
    // re-adding an existing one is still fine at the limit
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    // freeing a slot allows another
    expectOk(await client.call('robot_del_language', { LanguageTag: 'vi' }));
    expectOk(await client.call('robot_add_language', { LanguageTag: 'fil' }));
  });

  it('robot_del_language "" → -50055; a language never added → -50003', async () => {
    const client = await fresh();
    expectFail(await client.call('robot_del_language', { LanguageTag: '' }), -50055);
    expectFail(await client.call('robot_del_language', { LanguageTag: 'ja' }), -50003);
    expect(await languages(client)).toEqual([{ LanguageTag: '', IsDefault: 1 }]);
  });

  it('a language that still has FAQ questions → -50056; after deleting them it can go, and its config goes too', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    expectOk(await client.call('update_robot_config', { LanguageTag: 'en', FallbackMsg: 'English fallback' }));
    const id = await addQuestion(client, 'faq', { CategoryId: all, Question: 'Where is my order?', LanguageTag: 'en' });
    expectFail(await client.call('robot_del_language', { LanguageTag: 'en' }), -50056);
    expect((await languages(client)).map((l) => l.LanguageTag)).toContain('en');
    // a disabled question still blocks
    expectOk(await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 5 }));
    expectFail(await client.call('robot_del_language', { LanguageTag: 'en' }), -50056);
    expectOk(await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 6 }));
    expectOk(await client.call('robot_del_language', { LanguageTag: 'en' }));
    expect(await languages(client)).toEqual([{ LanguageTag: '', IsDefault: 1 }]);
    expectFail(await client.call('desc_robot_config', { LanguageTag: 'en' }), -7);
    expectFail(await client.call('add_faq', { CategoryId: all, Question: 'again', Answer: 'a', LanguageTag: 'en' }), -7);
    // re-adding starts from the defaults
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    expect((await client.call('desc_robot_config', { LanguageTag: 'en' })).FallbackMsg).not.toBe('English fallback');
  });

  it('add_faq / list_faq / update_robot_config with a LanguageTag not added → -7 (list returns nothing or -7, never other-language rows)', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    expectFail(await client.call('add_faq', { CategoryId: all, Question: 'q', Answer: 'a', LanguageTag: 'ja' }), -7);
    expectFail(await client.call('add_faq', { CategoryId: all, Question: 'q', Answer: 'a', LanguageTag: 'klingon' }), -7);
    expectFail(await client.call('update_robot_config', { LanguageTag: 'ja', ClarifyNumber: 2 }), -7);
    const list = await client.call('list_faq', { PageIndex: 1, PageSize: 10, LanguageTag: 'ja' });
    if (list.ActionStatus === 'OK') expect(list.QuestionList).toEqual([]);
    else expectFail(list, -7);
  });

  it('the same standard question may exist once per language', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    expectOk(await client.call('add_faq', { CategoryId: all, Question: 'Hello', Answer: 'default' }));
    expectOk(await client.call('add_faq', { CategoryId: all, Question: 'Hello', Answer: 'english', LanguageTag: 'en' }));
    expectFail(await client.call('add_faq', { CategoryId: all, Question: 'hello', Answer: 'english 2', LanguageTag: 'en' }), -7);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10 })).QuestionList.map((q: any) => q.Answer)).toEqual(['default']);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, LanguageTag: 'en' })).QuestionList.map((q: any) => q.Answer)).toEqual(['english']);
  });

  it('update_faq / batch_set_faq address a question by id whatever its language', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    expectOk(await client.call('robot_add_language', { LanguageTag: 'ja' }));
    const id = await addQuestion(client, 'faq', { CategoryId: all, Question: 'こんにちは', LanguageTag: 'ja' });
    expectOk(await client.call('update_faq', { StandardQuestionId: id, Answer: 'はい' }));
    expectOk(await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 5 }));
    const res = await client.call('list_faq', { PageIndex: 1, PageSize: 10, LanguageTag: 'ja' });
    expect(res.QuestionList[0]).toMatchObject({ StandardQuestionId: id, Answer: 'はい', Status: 5 });
  });
});

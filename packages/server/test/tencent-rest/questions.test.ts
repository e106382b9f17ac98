import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { addCategory, addQuestion, allCategoryId, expectFail, expectOk, getQuestion, listAll, type Library } from './helpers.ts';

// E06/E07 batch_set_*, E09/E12 update_*_similar, E10/E13 update_*, E15/E17 add_*, E19/E21 list_*.

describe('questions', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  describe('preset small-talk library', () => {
    it('list_chitchat returns preset questions (QuestionType 1) in Chinese and English, incl. "talk to a human"', async () => {
      const client = await fresh();
      const res = await client.call('list_chitchat', { PageIndex: 1, PageSize: 1000 });
      expectOk(res);
      expect(res.StandardQuestionCount).toBe(res.QuestionList.length);
      expect(res.StandardQuestionCount).toBeGreaterThan(10);
      for (const q of res.QuestionList) {
        expect(q).toMatchObject({ QuestionType: 1, Status: 4, AnswerType: 0 });
        expect(typeof q.StandardQuestionId).toBe('string');
        expect(typeof q.Answer).toBe('string');
        expect(Array.isArray(q.SimilarQuestions)).toBe(true);
      }
      const texts = res.QuestionList.map((q: any) => q.StandardQuestion);
      expect(texts).toEqual(expect.arrayContaining(['转人工', 'Talk to a human']));
      expect(texts.some((t: string) => /[\u4e00-\u9fff]/.test(t))).toBe(true);
      expect(texts.some((t: string) => /^[\x20-\x7e]+$/.test(t))).toBe(true);
      const similar = res.QuestionList.reduce((n: number, q: any) => n + q.SimilarQuestions.length, 0);
      expect(res.AllQuestionCount).toBe(res.StandardQuestionCount + similar);
      // preset questions sit in the preset (MenuType 2) categories
      const cats = (await client.call('desc_chitchat_category', {})).List;
      const preset = new Set(cats.filter((c: any) => c.MenuType === 2).map((c: any) => c.CategoryId));
      for (const q of res.QuestionList) expect(preset.has(q.CategoryId)).toBe(true);
    });

    it('deleting a preset question (Status 6) → -50011 and nothing changes; disabling and re-enabling it is fine', async () => {
      const client = await fresh();
      const list = await listAll(client, 'chitchat');
      const human = list.find((q) => q.StandardQuestion === '转人工')!;
      const other = list.find((q) => q.StandardQuestion === 'Talk to a human')!;
      expectFail(await client.call('batch_set_chitchat', { StandardQuestionIds: [human.StandardQuestionId], Status: 6 }), -50011);
      expect(await listAll(client, 'chitchat')).toEqual(list);
      expectOk(await client.call('batch_set_chitchat', { StandardQuestionIds: [human.StandardQuestionId, other.StandardQuestionId], Status: 5 }));
      const disabled = await client.call('list_chitchat', { PageIndex: 1, PageSize: 100, Status: 5 });
      expect(disabled.QuestionList.map((q: any) => q.StandardQuestionId).sort()).toEqual([human.StandardQuestionId, other.StandardQuestionId].sort());
      const enabled = await client.call('list_chitchat', { PageIndex: 1, PageSize: 1000, Status: 4 });
      expect(enabled.StandardQuestionCount).toBe(list.length - 2);
      expectOk(await client.call('batch_set_chitchat', { StandardQuestionIds: [human.StandardQuestionId], Status: 4 }));
      expect((await getQuestion(client, 'chitchat', human.StandardQuestionId))!.Status).toBe(4);
    });

    it('a preset question can be edited (answer, similar questions) and keeps QuestionType 1', async () => {
      const client = await fresh();
      const q = (await listAll(client, 'chitchat')).find((x) => x.StandardQuestion === 'Talk to a human')!;
      expectOk(await client.call('update_chitchat', { StandardQuestionId: q.StandardQuestionId, Answer: 'One moment, connecting you.' }));
      expectOk(await client.call('update_chitchat_similar', { StandardQuestionId: q.StandardQuestionId, SimilarQuestions: ['human please'] }));
      const after = await getQuestion(client, 'chitchat', q.StandardQuestionId);
      expect(after).toMatchObject({ Answer: 'One moment, connecting you.', SimilarQuestions: ['human please'], QuestionType: 1 });
    });

    it('a mixed batch (custom + preset) with Status 6 is all-or-nothing', async () => {
      const client = await fresh();
      const cat = await addCategory(client, 'chitchat', 'mine');
      const mine = await addQuestion(client, 'chitchat', { CategoryId: cat, Question: 'custom small talk' });
      const preset = (await listAll(client, 'chitchat')).find((q) => q.QuestionType === 1)!;
      expectFail(await client.call('batch_set_chitchat', { StandardQuestionIds: [mine, preset.StandardQuestionId], Status: 6 }), -50011);
      expect(await getQuestion(client, 'chitchat', mine)).toBeDefined();
      expectOk(await client.call('batch_set_chitchat', { StandardQuestionIds: [mine], Status: 6 }));
      expect(await getQuestion(client, 'chitchat', mine)).toBeUndefined();
    });
  });

  describe.each<Library>(['faq', 'chitchat'])('%s questions', (library) => {
    let client: RestClient;
    let cat: number;
    beforeAll(async () => {
      client = await fresh();
      cat = await addCategory(client, library, 'base');
    });

    it('add with the documented sample; list returns every documented field', async () => {
      const body: Record<string, unknown> = {
        CategoryId: cat,
        Question: 'REST_API 添加问题',
        Answer: 'REST_API添加回答',
        AnswerType: 0,
        SimilarQuestions: ['相似问题 1', '相似问题 2'],
      };
      if (library === 'faq') body.LanguageTag = '';
      const res = await client.call(`add_${library}`, body);
      expectOk(res);
      expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
      const list = await client.call(`list_${library}`, { PageIndex: 1, PageSize: 10, Question: 'REST_API 添加问题' });
      expectOk(list);
      expect(list.StandardQuestionCount).toBe(1);
      expect(list.AllQuestionCount).toBe(3);
      expect(list.QuestionList[0]).toEqual({
        StandardQuestionId: expect.stringMatching(new RegExp(`^${client.sdkAppId}-`)),
        StandardQuestion: 'REST_API 添加问题',
        Status: 4,
        CategoryId: cat,
        Answer: 'REST_API添加回答',
        AnswerType: 0,
        QuestionType: 0,
        SimilarQuestions: ['相似问题 1', '相似问题 2'],
      });
    });

    it('add: AnswerType defaults to 0; AnswerType 1 → -7; unknown or foreign CategoryId → -7; empty Question/Answer → -7', async () => {
      const id = await addQuestion(client, library, { CategoryId: cat, Question: 'default type' });
      expect((await getQuestion(client, library, id))!.AnswerType).toBe(0);
      const before = await listAll(client, library);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: 'type one', Answer: 'a', AnswerType: 1 }), -7);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: 'type three', Answer: 'a', AnswerType: 3 }), -7);
      expectFail(await client.call(`add_${library}`, { CategoryId: 987654321, Question: 'nowhere', Answer: 'a' }), -7);
      const foreign = await addCategory(client, library === 'faq' ? 'chitchat' : 'faq', 'other lib');
      expectFail(await client.call(`add_${library}`, { CategoryId: foreign, Question: 'wrong lib', Answer: 'a' }), -7);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: '', Answer: 'a' }), -7);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: 'no answer', Answer: '  ' }), -7);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: 'missing answer' }), -7);
      expect(await listAll(client, library)).toEqual(before);
    });

    it('add: a duplicate standard question (case-insensitive) → -7', async () => {
      await addQuestion(client, library, { CategoryId: cat, Question: 'Duplicate Me' });
      const before = await listAll(client, library);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: 'duplicate me', Answer: 'x' }), -7);
      expectFail(await client.call(`add_${library}`, { CategoryId: cat, Question: '  Duplicate Me  ', Answer: 'x' }), -7);
      expect(await listAll(client, library)).toEqual(before);
    });

    it('rich-text answers (AnswerType 2) are sanitised on add and update', async () => {
      const evil = 'Hi <b>there</b><script>alert(1)</script> [click](javascript:alert(1)) <a href="javascript:alert(2)">x</a> <img src=x onerror=alert(3)>';
      const id = await addQuestion(client, library, { CategoryId: cat, Question: 'rich', Answer: evil, AnswerType: 2 });
      const q = await getQuestion(client, library, id);
      expect(q!.AnswerType).toBe(2);
      expect(q!.Answer).toContain('<b>there</b>');
      expect(q!.Answer.toLowerCase()).not.toContain('<script');
      expect(q!.Answer.toLowerCase()).not.toContain('javascript:');
      expect(q!.Answer.toLowerCase()).not.toContain('onerror');
      expectOk(await client.call(`update_${library}`, { StandardQuestionId: id, Answer: '<script>x()</script>ok [a](JavaScript:evil())', AnswerType: 2 }));
      const updated = await getQuestion(client, library, id);
      expect(updated!.Answer.toLowerCase()).not.toContain('<script');
      expect(updated!.Answer.toLowerCase()).not.toContain('javascript:');
      expect(updated!.Answer).toContain('ok');
      // a plain-text answer later switched to rich text is sanitised too
      const plain = await addQuestion(client, library, { CategoryId: cat, Question: 'plain then rich', Answer: '<script>y()</script>text', AnswerType: 0 });
      expect((await getQuestion(client, library, plain))!.Answer).toBe('<script>y()</script>text');
      expectOk(await client.call(`update_${library}`, { StandardQuestionId: plain, AnswerType: 2 }));
      expect((await getQuestion(client, library, plain))!.Answer).toBe('text');
    });

    it('update changes question, answer, type and category; empty strings mean "no change"', async () => {
      const other = await addCategory(client, library, 'moved here');
      const id = await addQuestion(client, library, { CategoryId: cat, Question: 'to update', Answer: 'old answer', SimilarQuestions: ['s1'] });
      const res = await client.call(`update_${library}`, { StandardQuestionId: id, Answer: '这是回答', AnswerType: 2, CategoryId: other, Question: '测试修改主问题' });
      expectOk(res);
      expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
      expect(await getQuestion(client, library, id)).toMatchObject({ StandardQuestion: '测试修改主问题', Answer: '这是回答', AnswerType: 2, CategoryId: other, SimilarQuestions: ['s1'] });
      expectOk(await client.call(`update_${library}`, { StandardQuestionId: id, Answer: '', Question: '' }));
      expect(await getQuestion(client, library, id)).toMatchObject({ StandardQuestion: '测试修改主问题', Answer: '这是回答', AnswerType: 2 });
      expectOk(await client.call(`update_${library}`, { StandardQuestionId: id, AnswerType: 0 }));
      expect((await getQuestion(client, library, id))!.AnswerType).toBe(0);
    });

    it('update failures change nothing: unknown id → -50003, AnswerType 1 → -7, unknown category → -7, duplicate text → -7', async () => {
      const id = await addQuestion(client, library, { CategoryId: cat, Question: 'stable one' });
      await addQuestion(client, library, { CategoryId: cat, Question: 'taken text' });
      const before = await getQuestion(client, library, id);
      expectFail(await client.call(`update_${library}`, { StandardQuestionId: `${client.sdkAppId}-@RBT#DeskDefaultRobot-nope`, Answer: 'x' }), -50003);
      expectFail(await client.call(`update_${library}`, { StandardQuestionId: id, Answer: 'changed', AnswerType: 1 }), -7);
      expectFail(await client.call(`update_${library}`, { StandardQuestionId: id, Answer: 'changed', CategoryId: 987654321 }), -7);
      expectFail(await client.call(`update_${library}`, { StandardQuestionId: id, Answer: 'changed', Question: 'TAKEN TEXT' }), -7);
      expect(await getQuestion(client, library, id)).toEqual(before);
    });

    it('update_*_similar replaces, de-duplicates, and clears with []; unknown id → -50003', async () => {
      const id = await addQuestion(client, library, { CategoryId: cat, Question: 'similar host', SimilarQuestions: ['a', 'b'] });
      expectOk(await client.call(`update_${library}_similar`, { StandardQuestionId: id, SimilarQuestions: ['相似问题 1', ' 相似问题 1 ', 'similar host', 'c'] }));
      expect((await getQuestion(client, library, id))!.SimilarQuestions).toEqual(['相似问题 1', 'c']);
      expectOk(await client.call(`update_${library}_similar`, { StandardQuestionId: id, SimilarQuestions: [] }));
      expect((await getQuestion(client, library, id))!.SimilarQuestions).toEqual([]);
      expectFail(await client.call(`update_${library}_similar`, { StandardQuestionId: 'nope', SimilarQuestions: ['x'] }), -50003);
      expectFail(await client.call(`update_${library}_similar`, { StandardQuestionId: id, SimilarQuestions: Array.from({ length: 201 }, (_, i) => `s${i}`) }), -7);
      expect((await getQuestion(client, library, id))!.SimilarQuestions).toEqual([]);
    });

    it('batch_set: 5 disables, 4 enables, 6 deletes', async () => {
      const ids = [await addQuestion(client, library, { CategoryId: cat, Question: 'batch 1' }), await addQuestion(client, library, { CategoryId: cat, Question: 'batch 2' })];
      expectOk(await client.call(`batch_set_${library}`, { StandardQuestionIds: ids, Status: 5 }));
      for (const id of ids) expect((await getQuestion(client, library, id))!.Status).toBe(5);
      expectOk(await client.call(`batch_set_${library}`, { StandardQuestionIds: [ids[0]], Status: 4 }));
      expect((await getQuestion(client, library, ids[0]))!.Status).toBe(4);
      expect((await getQuestion(client, library, ids[1]))!.Status).toBe(5);
      expectOk(await client.call(`batch_set_${library}`, { StandardQuestionIds: ids, Status: 6 }));
      for (const id of ids) expect(await getQuestion(client, library, id)).toBeUndefined();
    });

    it('batch_set is all-or-nothing: an unknown id → -50003 and nothing changes; bad Status or empty list → -7', async () => {
      const id = await addQuestion(client, library, { CategoryId: cat, Question: 'batch keep' });
      for (const status of [5, 6]) {
        expectFail(await client.call(`batch_set_${library}`, { StandardQuestionIds: [id, 'missing-id'], Status: status }), -50003);
        expect((await getQuestion(client, library, id))!.Status).toBe(4);
      }
      expectFail(await client.call(`batch_set_${library}`, { StandardQuestionIds: [id], Status: 7 }), -7);
      expectFail(await client.call(`batch_set_${library}`, { StandardQuestionIds: [id], Status: 0 }), -7);
      expectFail(await client.call(`batch_set_${library}`, { StandardQuestionIds: [], Status: 5 }), -7);
      expect((await getQuestion(client, library, id))!.Status).toBe(4);
    });

    it('ids of the other library are unknown here', async () => {
      const otherLib: Library = library === 'faq' ? 'chitchat' : 'faq';
      const otherCat = await addCategory(client, otherLib, 'x');
      const foreign = await addQuestion(client, otherLib, { CategoryId: otherCat, Question: 'lives elsewhere' });
      expectFail(await client.call(`update_${library}`, { StandardQuestionId: foreign, Answer: 'x' }), -50003);
      expectFail(await client.call(`update_${library}_similar`, { StandardQuestionId: foreign, SimilarQuestions: [] }), -50003);
      expectFail(await client.call(`batch_set_${library}`, { StandardQuestionIds: [foreign], Status: 6 }), -50003);
      expect(await getQuestion(client, otherLib, foreign)).toBeDefined();
    });
  });

  describe('list_faq', () => {
    let client: RestClient;
    let parent: number;
    let child: number;
    let other: number;
    let all: number;
    beforeAll(async () => {
      client = await fresh();
      all = await allCategoryId(client, 'faq');
      parent = await addCategory(client, 'faq', 'parent');
      child = await addCategory(client, 'faq', 'child', { ParentId: parent });
      other = await addCategory(client, 'faq', 'other');
      await addQuestion(client, 'faq', { CategoryId: parent, Question: '如何修改机器人知识库', SimilarQuestions: ['如何添加问答'] });
      await addQuestion(client, 'faq', { CategoryId: child, Question: '机器人功能可以关闭吗', SimilarQuestions: ['怎么实现所有的问题都由客服回复', 'x'] });
      await addQuestion(client, 'faq', { CategoryId: other, Question: '支持哪些消息渠道' });
      await addQuestion(client, 'faq', { CategoryId: other, Question: '100% discount_code?' });
      const disabled = await addQuestion(client, 'faq', { CategoryId: other, Question: '停用的机器人问题' });
      expectOk(await client.call('batch_set_faq', { StandardQuestionIds: [disabled], Status: 5 }));
      expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
      await addQuestion(client, 'faq', { CategoryId: parent, Question: 'How to edit the robot knowledge base', LanguageTag: 'en', SimilarQuestions: ['edit kb'] });
    });

    const list = (body: Record<string, unknown>) => client.call('list_faq', { PageIndex: 1, PageSize: 100, ...body });

    it('no filter: default language only, counts standard and standard+similar', async () => {
      const res = await list({});
      expectOk(res);
      expect(res.StandardQuestionCount).toBe(5);
      expect(res.AllQuestionCount).toBe(5 + 3);
      expect(res.QuestionList.every((q: any) => !/robot knowledge/.test(q.StandardQuestion))).toBe(true);
      expect(await list({ LanguageTag: '' })).toEqual(res);
    });

    it('LanguageTag selects that language only', async () => {
      const res = await list({ LanguageTag: 'en' });
      expect(res.StandardQuestionCount).toBe(1);
      expect(res.AllQuestionCount).toBe(2);
      expect(res.QuestionList[0].StandardQuestion).toBe('How to edit the robot knowledge base');
      expect((await list({ LanguageTag: 'ja' })).StandardQuestionCount).toBe(0);
    });

    it('Question is a keyword substring filter; LIKE metacharacters are literal', async () => {
      const res = await list({ Question: '机器人' });
      expect(res.QuestionList.map((q: any) => q.StandardQuestion).sort()).toEqual(['停用的机器人问题', '如何修改机器人知识库', '机器人功能可以关闭吗'].sort());
      expect(res.StandardQuestionCount).toBe(3);
      expect(res.AllQuestionCount).toBe(3 + 3);
      expect((await list({ Question: '%' })).QuestionList.map((q: any) => q.StandardQuestion)).toEqual(['100% discount_code?']);
      expect((await list({ Question: '_' })).StandardQuestionCount).toBe(1);
      expect((await list({ Question: 'DISCOUNT' })).StandardQuestionCount).toBe(1);
      expect((await list({ Question: 'no such words' })).StandardQuestionCount).toBe(0);
      expect((await list({ Question: '' })).StandardQuestionCount).toBe(5);
    });

    it('CategoryId: a parent includes its sub-categories; the MenuType 1 category means all', async () => {
      expect((await list({ CategoryId: parent })).StandardQuestionCount).toBe(2);
      expect((await list({ CategoryId: child })).StandardQuestionCount).toBe(1);
      expect((await list({ CategoryId: other })).StandardQuestionCount).toBe(3);
      expect((await list({ CategoryId: all })).StandardQuestionCount).toBe(5);
      expect((await list({ CategoryId: parent, LanguageTag: 'en' })).StandardQuestionCount).toBe(1);
      expectFail(await list({ CategoryId: 987654321 }), -7);
    });

    it('Status filter: 4 or 5 only; anything else → -7', async () => {
      expect((await list({ Status: 4 })).StandardQuestionCount).toBe(4);
      const disabled = await list({ Status: 5 });
      expect(disabled.StandardQuestionCount).toBe(1);
      expect(disabled.QuestionList[0]).toMatchObject({ StandardQuestion: '停用的机器人问题', Status: 5 });
      for (const status of [0, 1, 6, -1]) expectFail(await list({ Status: status }), -7);
    });

    it('filters combine', async () => {
      const res = await list({ Question: '机器人', CategoryId: parent, Status: 4, LanguageTag: '' });
      expect(res.StandardQuestionCount).toBe(2);
      expect(res.AllQuestionCount).toBe(5);
    });

    it('paging is 1-based and stable; counts do not depend on the page', async () => {
      const whole = (await list({})).QuestionList.map((q: any) => q.StandardQuestionId);
      const pages: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const res = await client.call('list_faq', { PageIndex: page, PageSize: 2 });
        expect(res.StandardQuestionCount).toBe(5);
        expect(res.AllQuestionCount).toBe(8);
        pages.push(...res.QuestionList.map((q: any) => q.StandardQuestionId));
      }
      expect(pages).toEqual(whole);
      const beyond = await client.call('list_faq', { PageIndex: 99, PageSize: 2 });
      expectOk(beyond);
      expect(beyond.QuestionList).toEqual([]);
      expect(beyond.StandardQuestionCount).toBe(5);
      // same request twice: same order
      expect((await list({})).QuestionList).toEqual((await list({})).QuestionList);
    });

    it('PageIndex / PageSize ≤ 0 or missing → -7', async () => {
      for (const body of [{ PageIndex: 0, PageSize: 10 }, { PageIndex: 1, PageSize: 0 }, { PageIndex: -1, PageSize: 10 }, { PageIndex: 1, PageSize: -5 }, { PageSize: 10 }, { PageIndex: 1 }]) {
        expectFail(await client.call('list_faq', body), -7);
        expectFail(await client.call('list_chitchat', body), -7);
      }
    });
  });

  describe('production vs test', () => {
    it('REST add/update/delete take effect in production and are mirrored into test', async () => {
      const client = await fresh();
      const api = createApiClient(test, client);
      const cat = await addCategory(client, 'faq', 'c');
      const id = await addQuestion(client, 'faq', { CategoryId: cat, Question: 'mirrored', Answer: 'v1' });
      const inTest = await api.request('GET', `/robots/default/faq/questions/${encodeURIComponent(id)}?env=test`);
      expect(inTest.status).toBe(200);
      expect(inTest.body).toMatchObject({ question: 'mirrored', answer: 'v1' });
      expectOk(await client.call('update_faq', { StandardQuestionId: id, Answer: 'v2' }));
      expect((await api.request('GET', `/robots/default/faq/questions/${encodeURIComponent(id)}?env=test`)).body.answer).toBe('v2');
      expectOk(await client.call('batch_set_faq', { StandardQuestionIds: [id], Status: 6 }));
      expect((await api.request('GET', `/robots/default/faq/questions/${encodeURIComponent(id)}?env=test`)).status).toBe(404);
    });

    it('console edits are invisible to list_faq until publish', async () => {
      const client = await fresh();
      const api = createApiClient(test, client);
      const all = await allCategoryId(client, 'faq');
      const created = await api.request('POST', '/robots/default/faq/questions', { categoryId: all, question: 'console only', answer: 'a' });
      expect(created.status).toBe(200);
      expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10 })).StandardQuestionCount).toBe(0);
      // REST cannot address a question that only exists in test
      expectFail(await client.call('update_faq', { StandardQuestionId: created.body.questionId, Answer: 'x' }), -50003);
      expect((await api.request('POST', '/robots/default/publish', { note: 'go' })).status).toBe(200);
      const listed = await client.call('list_faq', { PageIndex: 1, PageSize: 10 });
      expect(listed.QuestionList.map((q: any) => q.StandardQuestionId)).toEqual([created.body.questionId]);
    });

    it('a later publish keeps earlier REST writes (they were mirrored into test)', async () => {
      const client = await fresh();
      const api = createApiClient(test, client);
      const all = await allCategoryId(client, 'faq');
      const id = await addQuestion(client, 'faq', { CategoryId: all, Question: 'rest survives publish' });
      expectOk(await client.call('update_robot_config', { FallbackMsg: 'rest fallback' }));
      expect((await api.request('POST', '/robots/default/publish', {})).status).toBe(200);
      expect(await getQuestion(client, 'faq', id)).toBeDefined();
      expect((await client.call('desc_robot_config', {})).FallbackMsg).toBe('rest fallback');
    });
  });
});

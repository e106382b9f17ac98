import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { addCategory, addQuestion, categories, expectFail, expectHandled, expectOk, getQuestion, listAll } from './helpers.ts';

// Hostile or sloppy input: always HTTP 200 with a client error (never -1 / 500), never a partial write.

describe('bad input', () => {
  let test: TestServer;
  let client: RestClient;
  let cat: number;
  let qid: string;
  let state: () => Promise<unknown>;
  beforeAll(async () => {
    test = await startTestServer();
    client = await createRestClient(test);
    cat = await addCategory(client, 'faq', 'bad-input base');
    qid = await addQuestion(client, 'faq', { CategoryId: cat, Question: 'the one question', SimilarQuestions: ['sim'] });
    state = async () => ({
      faq: await listAll(client, 'faq'),
      chit: await listAll(client, 'chitchat'),
      faqCats: await categories(client, 'faq'),
      chitCats: await categories(client, 'chitchat'),
      config: await client.call('desc_robot_config', {}),
      languages: await client.call('robot_get_language_list', {}),
    });
  });
  afterAll(() => test?.close());

  /** Sends each body; every answer must be handled, and a FAIL must leave the state untouched. */
  async function rejectAll(cases: Array<[string, unknown, number?]>) {
    const before = await state();
    for (const [command, body, code] of cases) {
      const res = await client.call(command, undefined, { raw: typeof body === 'string' ? body : JSON.stringify(body) });
      expectHandled(res, `${command} ${String(JSON.stringify(body)).slice(0, 200)}`);
      expect(res.ActionStatus, `${command} ${String(JSON.stringify(body)).slice(0, 200)} → ${JSON.stringify(res)}`).toBe('FAIL');
      if (code !== undefined) expect(res.ErrorCode, `${command} ${String(JSON.stringify(body)).slice(0, 200)}`).toBe(code);
    }
    expect(await state()).toEqual(before);
  }

  it('oversized fields → -7, nothing written', async () => {
    await rejectAll([
      ['add_faq', { CategoryId: cat, Question: 'q'.repeat(501), Answer: 'a' }, -7],
      ['add_faq', { CategoryId: cat, Question: 'long answer', Answer: 'a'.repeat(10_001) }, -7],
      ['add_faq', { CategoryId: cat, Question: 'long similar', Answer: 'a', SimilarQuestions: ['s'.repeat(501)] }, -7],
      ['add_faq', { CategoryId: cat, Question: 'many similar', Answer: 'a', SimilarQuestions: Array.from({ length: 201 }, (_, i) => `s${i}`) }, -7],
      ['update_faq', { StandardQuestionId: qid, Question: 'q'.repeat(501) }, -7],
      ['update_faq', { StandardQuestionId: qid, Answer: 'a'.repeat(10_001) }, -7],
      ['add_faq_category', { Title: 't'.repeat(51) }, -7],
      ['update_faq_category', { CategoryId: cat, Title: 't'.repeat(51) }, -7],
      ['update_robot_config', { WelcomeCardQuestions: ['w'.repeat(201)] }, -7],
      ['update_robot_config', { ClarifyMessage: 'm'.repeat(1001) }, -7],
      ['desk_add_robot', { RobotNickName: 'n'.repeat(51) }, -7],
      ['batch_set_faq', { StandardQuestionIds: Array.from({ length: 1001 }, (_, i) => `id${i}`), Status: 5 }, -7],
      ['update_faq', { StandardQuestionId: 'x'.repeat(100_000), Answer: 'a' }, -50003],
      ['robot_add_language', { LanguageTag: 'x'.repeat(10_000) }, -50051],
    ]);
  });

  it('limits count characters, not bytes or UTF-16 units: 500 emoji / CJK questions are accepted', async () => {
    const emoji = '😀'.repeat(500);
    const id = await addQuestion(client, 'faq', { CategoryId: cat, Question: emoji });
    expect((await getQuestion(client, 'faq', id))!.StandardQuestion).toBe(emoji);
    await rejectAll([['add_faq', { CategoryId: cat, Question: '😀'.repeat(501), Answer: 'a' }, -7]]);
    expectOk(await client.call('add_faq_category', { Title: '分'.repeat(50) }));
  });

  it('a body over the size limit → -7, not an HTTP error', async () => {
    const huge = JSON.stringify({ CategoryId: cat, Question: 'huge', Answer: 'a'.repeat(11 * 1024 * 1024) });
    const res = await client.call('add_faq', undefined, { raw: huge });
    expectFail(res, -7);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, Question: 'huge' })).StandardQuestionCount).toBe(0);
  });

  it('null bodies, null fields, arrays instead of objects and objects instead of scalars → -7', async () => {
    await rejectAll([
      ['add_faq', 'null', -7],
      ['add_faq', '[]', -7],
      ['add_faq', [{ CategoryId: cat, Question: 'in array', Answer: 'a' }], -7],
      ['add_faq', { CategoryId: null, Question: 'null cat', Answer: 'a' }, -7],
      ['add_faq', { CategoryId: cat, Question: null, Answer: 'a' }, -7],
      ['add_faq', { CategoryId: cat, Question: ['in', 'array'], Answer: 'a' }, -7],
      ['add_faq', { CategoryId: cat, Question: { text: 'obj' }, Answer: 'a' }, -7],
      ['add_faq', { CategoryId: [cat], Question: 'arr cat', Answer: 'a' }, -7],
      ['add_faq', { CategoryId: cat, Question: 'sim objs', Answer: 'a', SimilarQuestions: [{}] }, -7],
      ['add_faq', { CategoryId: cat, Question: 'sim null', Answer: 'a', SimilarQuestions: [null] }, -7],
      ['add_faq', { CategoryId: cat, Question: 'tag null', Answer: 'a', LanguageTag: null }, -7],
      ['add_faq', { CategoryId: cat, Question: 'rid obj', Answer: 'a', RobotId: {} }, -7],
      ['update_faq', { StandardQuestionId: null, Answer: 'a' }, -7],
      ['update_faq', { StandardQuestionId: qid, Answer: null }, -7],
      ['update_faq_similar', { StandardQuestionId: qid, SimilarQuestions: null }, -7],
      ['batch_set_faq', { StandardQuestionIds: [qid, null], Status: 6 }, -7],
      ['batch_set_faq', { StandardQuestionIds: [qid], Status: '6' }, -7],
      ['update_robot_config', { WelcomeCardQuestions: null }, -7],
      ['update_robot_config', { DirectAnsweringReaches: null }, -7],
      ['update_robot_config', { DirectAnsweringReaches: [0.5] }, -7],
      ['update_robot_config', 'null', -7],
      ['del_faq_category', { CategoryId: { id: cat } }, -7],
      ['robot_del_language', { LanguageTag: null }, -7],
    ]);
  });

  it('numbers out of range never reach the database as errors', async () => {
    const big = 2 ** 40;
    await rejectAll([
      ['del_faq_category', { CategoryId: big }],
      ['del_faq_category', { CategoryId: -big }],
      ['update_faq_category', { CategoryId: big, Title: 'x' }],
      ['add_faq_category', { Title: 'x', ParentId: big }],
      ['add_faq', { CategoryId: big, Question: 'big cat', Answer: 'a' }],
      ['add_faq', { CategoryId: Number.MAX_SAFE_INTEGER, Question: 'max cat', Answer: 'a' }],
      ['update_faq', { StandardQuestionId: qid, CategoryId: big }],
      ['update_faq', { StandardQuestionId: qid, AnswerType: big }],
      ['list_faq', { PageIndex: 1, PageSize: 10, CategoryId: big }],
      ['list_faq', { PageIndex: 1, PageSize: 10, Status: big }],
      ['list_faq', { PageIndex: 1, PageSize: big }],
      ['list_faq', '{"PageIndex": 1, "PageSize": 1e400}', -7],
      ['list_faq', { PageIndex: 1.5, PageSize: 10 }, -7],
      ['add_faq', '{"CategoryId": 1e400, "Question": "inf", "Answer": "a"}', -7],
      ['update_robot_config', { ClarifyNumber: big }, -7],
      ['update_robot_config', { ClarifyNumber: 2 ** 31 }, -7],
      ['batch_set_faq', { StandardQuestionIds: [qid], Status: big }, -7],
    ]);
  });

  it('huge PageIndex / PageSize are handled (an empty page or -7)', async () => {
    for (const body of [
      { PageIndex: 2 ** 31, PageSize: 10 },
      { PageIndex: 2 ** 40, PageSize: 1000 },
      { PageIndex: Number.MAX_SAFE_INTEGER, PageSize: 1000 },
      { PageIndex: 1, PageSize: 1_000_000 },
      { PageIndex: 1, PageSize: Number.MAX_SAFE_INTEGER },
    ]) {
      for (const library of ['faq', 'chitchat']) {
        const res = await client.call(`list_${library}`, body);
        expectHandled(res);
        if (res.ActionStatus === 'OK') expect(res.QuestionList.length).toBeLessThanOrEqual(1000);
        else expect(res.ErrorCode).toBe(-7);
      }
    }
    // a large page far beyond the end is simply empty, with the counts
    const res = await client.call('list_faq', { PageIndex: 100_000, PageSize: 100 });
    expectOk(res);
    expect(res.QuestionList).toEqual([]);
    expect(res.StandardQuestionCount).toBeGreaterThan(0);
  });

  it('NUL characters and lone surrogates are refused or stored, never an internal error', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['add_faq', { CategoryId: cat, Question: 'nul\u0000question', Answer: 'a' }],
      ['add_faq', { CategoryId: cat, Question: 'nul answer', Answer: 'a\u0000b' }],
      ['add_faq', { CategoryId: cat, Question: 'nul similar', Answer: 'a', SimilarQuestions: ['x\u0000'] }],
      ['add_faq_category', { Title: 'nul\u0000title' }],
      ['update_faq', { StandardQuestionId: qid, Answer: 'nul\u0000' }],
      ['update_faq', { StandardQuestionId: 'nul\u0000id', Answer: 'a' }],
      ['update_faq_similar', { StandardQuestionId: qid, SimilarQuestions: ['\u0000'] }],
      ['update_faq_category', { CategoryId: cat, Title: '\u0000' }],
      ['update_robot_config', { FallbackMsg: 'nul\u0000msg' }],
      ['update_robot_config', { WelcomeCardQuestions: ['nul\u0000q'] }],
      ['desc_robot_config', { LanguageTag: '\u0000' }],
      ['list_faq', { PageIndex: 1, PageSize: 10, Question: '\u0000' }],
      ['list_faq', { PageIndex: 1, PageSize: 10, LanguageTag: 'en\u0000' }],
      ['list_faq', { PageIndex: 1, PageSize: 10, RobotId: '@RBT#\u0000' }],
      ['batch_set_faq', { StandardQuestionIds: ['\u0000'], Status: 5 }],
      ['robot_add_language', { LanguageTag: 'en\u0000' }],
      ['robot_del_language', { LanguageTag: 'en\u0000' }],
      ['desk_add_robot', { RobotNickName: 'nul\u0000robot' }],
    ];
    const before = await state();
    for (const [command, body] of cases) {
      const res = await client.call(command, body);
      expectHandled(res, `${command} ${JSON.stringify(body)}`);
      expect(res.ActionStatus, `${command} ${JSON.stringify(body)} → ${JSON.stringify(res)}`).toBe('FAIL');
    }
    expect(await state()).toEqual(before);
    // lone surrogates cannot be stored as JSON: refused as a parameter error (-7), nothing written
    await rejectAll([
      ['add_faq', `{"CategoryId": ${cat}, "Question": "lone \\ud800 surrogate", "Answer": "a"}`, -7],
      ['add_faq_category', '{"Title": "\\udfff"}', -7],
      ['update_robot_config', '{"FallbackMsg": "\\ud800"}', -7],
      ['update_faq_similar', `{"StandardQuestionId": "${qid}", "SimilarQuestions": ["\\udc00x"]}`, -7],
    ]);
  });

  it('unicode text round-trips exactly and is searchable', async () => {
    const texts = ['Ünïcödé ✓ café', 'عربي من اليمين', 'e\u0301 combining', '👨‍👩‍👧 family', '中文 English 混合', '日本語のテキスト'];
    for (const text of texts) {
      const id = await addQuestion(client, 'faq', { CategoryId: cat, Question: text, Answer: `${text} answer`, SimilarQuestions: [`${text} similar`] });
      expect(await getQuestion(client, 'faq', id)).toMatchObject({ StandardQuestion: text, Answer: `${text} answer`, SimilarQuestions: [`${text} similar`] });
    }
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, Question: '👨‍👩‍👧' })).StandardQuestionCount).toBe(1);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, Question: 'CAFÉ' })).StandardQuestionCount).toBe(1);
    expectOk(await client.call('update_robot_config', { FallbackMsg: '抱歉 😅 sorry', WelcomeCardQuestions: ['你好 👋'] }));
    expect(await client.call('desc_robot_config', {})).toMatchObject({ FallbackMsg: '抱歉 😅 sorry', WelcomeCardQuestions: ['你好 👋'] });
  });

  it('prototype-looking keys are inert', async () => {
    for (const raw of [
      '{"__proto__": {"PageIndex": 1, "PageSize": 10}}',
      '{"constructor": {"prototype": {"x": 1}}, "PageIndex": 1, "PageSize": 1}',
      '{"__proto__": 1, "PageIndex": 1, "PageSize": 1}',
    ]) {
      expectHandled(await client.call('list_faq', undefined, { raw }));
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('deeply nested or duplicated keys are handled', async () => {
    const deep = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
    expectFail(await client.call('desc_faq_category', undefined, { raw: deep }), -7);
    // duplicate keys: JSON.parse keeps the last; case variants collapse to one field
    const res = await client.call('list_faq', undefined, { raw: '{"PageIndex": 0, "PageIndex": 1, "pagesize": 5, "PageSize": 2}' });
    expectOk(res);
    expect(res.QuestionList.length).toBeLessThanOrEqual(2);
  });
});

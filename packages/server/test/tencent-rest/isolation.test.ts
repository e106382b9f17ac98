import TLSSigAPIv2 from 'tls-sig-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type RestClient, type TestServer } from '../harness.ts';
import { addCategory, addQuestion, categories, expectFail, expectOk, listAll } from './helpers.ts';

// App B's credentials can never read or modify app A's knowledge.

describe('app isolation', () => {
  let test: TestServer;
  let a: RestClient;
  let b: RestClient;
  let faqCat: number;
  let chitCat: number;
  let faqQ: string;
  let chitQ: string;
  let robotA: string;
  let snapshot: () => Promise<unknown>;

  beforeAll(async () => {
    test = await startTestServer();
    a = await createRestClient(test, 'A');
    b = await createRestClient(test, 'B');
    faqCat = await addCategory(a, 'faq', 'A faq cat');
    chitCat = await addCategory(a, 'chitchat', 'A chit cat');
    faqQ = await addQuestion(a, 'faq', { CategoryId: faqCat, Question: 'A secret question', SimilarQuestions: ['A similar'] });
    chitQ = await addQuestion(a, 'chitchat', { CategoryId: chitCat, Question: 'A small talk' });
    robotA = (await a.call('desk_add_robot', { RobotNickName: 'A robot 2' })).RobotId;
    expectOk(await a.call('robot_add_language', { LanguageTag: 'en' }));
    expectOk(await a.call('update_robot_config', { FallbackMsg: 'A fallback' }));
    snapshot = async () => ({
      faq: await listAll(a, 'faq'),
      chit: await listAll(a, 'chitchat'),
      faqCats: await categories(a, 'faq'),
      chitCats: await categories(a, 'chitchat'),
      config: await a.call('desc_robot_config', {}),
      languages: await a.call('robot_get_language_list', {}),
      robot2: await a.call('desc_robot_config', { RobotId: robotA }),
    });
  });
  afterAll(() => test?.close());

  it("B sees none of A's data", async () => {
    expect(await listAll(b, 'faq')).toEqual([]);
    const bChit = await listAll(b, 'chitchat');
    expect(bChit.some((q) => q.StandardQuestionId === chitQ || q.StandardQuestion === 'A small talk')).toBe(false);
    const bCats = [...(await categories(b, 'faq')), ...(await categories(b, 'chitchat'))].map((c) => c.CategoryId);
    expect(bCats).not.toContain(faqCat);
    expect(bCats).not.toContain(chitCat);
    expect((await b.call('desc_robot_config', {})).FallbackMsg).not.toBe('A fallback');
    expect((await b.call('robot_get_language_list', {})).Languages).toHaveLength(1);
  });

  it("B using A's ids: not found, and A's data is unchanged", async () => {
    const before = await snapshot();
    const attempts: Array<[string, Record<string, unknown>, number]> = [
      ['update_faq', { StandardQuestionId: faqQ, Answer: 'hijacked' }, -50003],
      ['update_faq_similar', { StandardQuestionId: faqQ, SimilarQuestions: [] }, -50003],
      ['batch_set_faq', { StandardQuestionIds: [faqQ], Status: 6 }, -50003],
      ['batch_set_faq', { StandardQuestionIds: [faqQ], Status: 5 }, -50003],
      ['update_chitchat', { StandardQuestionId: chitQ, Answer: 'hijacked' }, -50003],
      ['update_chitchat_similar', { StandardQuestionId: chitQ, SimilarQuestions: ['x'] }, -50003],
      ['batch_set_chitchat', { StandardQuestionIds: [chitQ], Status: 6 }, -50003],
      ['update_faq_category', { CategoryId: faqCat, Title: 'hijacked' }, -50003],
      ['del_faq_category', { CategoryId: faqCat }, -50003],
      ['update_chitchat_category', { CategoryId: chitCat, Title: 'hijacked' }, -50003],
      ['del_chitchat_category', { CategoryId: chitCat }, -50003],
      ['add_faq', { CategoryId: faqCat, Question: 'planted', Answer: 'x' }, -7],
      ['add_chitchat', { CategoryId: chitCat, Question: 'planted', Answer: 'x' }, -7],
      ['add_faq_category', { Title: 'planted', ParentId: faqCat }, -7],
      ['list_faq', { PageIndex: 1, PageSize: 10, CategoryId: faqCat }, -7],
      ['desc_robot_config', { RobotId: robotA }, -50003],
      ['update_robot_config', { RobotId: robotA, FallbackMsg: 'hijacked' }, -50003],
      ['list_faq', { PageIndex: 1, PageSize: 10, RobotId: robotA }, -50003],
      ['add_faq_category', { RobotId: robotA, Title: 'planted' }, -50003],
      ['robot_add_language', { RobotId: robotA, LanguageTag: 'ja' }, -50003],
      ['robot_del_language', { RobotId: robotA, LanguageTag: '' }, -50055],
    ];
    for (const [command, body, code] of attempts) expectFail(await b.call(command, body), code);
    // B's own preset ids do not reach A either (A's preset questions are distinct rows)
    const aPreset = (await listAll(a, 'chitchat')).find((q) => q.QuestionType === 1)!;
    expectFail(await b.call('batch_set_chitchat', { StandardQuestionIds: [aPreset.StandardQuestionId], Status: 5 }), -50003);
    expect(await snapshot()).toEqual(before);
  });

  it("B's signature with A's sdkappid is rejected, and so is a sig forged with B's key for A", async () => {
    const before = await snapshot();
    const sigB = new TLSSigAPIv2.Api(b.sdkAppId, b.secretKey).genSig(b.admin, 3600);
    const forged = new TLSSigAPIv2.Api(a.sdkAppId, b.secretKey).genSig(a.admin, 3600);
    const call = (usersig: string, identifier: string, command: string, body: unknown) =>
      fetch(
        `${test.baseUrl}/v4/openim_console_http_svc/${command}?sdkappid=${a.sdkAppId}&identifier=${encodeURIComponent(identifier)}&usersig=${encodeURIComponent(usersig)}&random=1&contenttype=json`,
        { method: 'POST', body: JSON.stringify(body) },
      ).then((r) => r.json());
    expectFail(await call(sigB, b.admin, 'list_faq', { PageIndex: 1, PageSize: 10 }), 70014);
    expectFail(await call(sigB, b.admin, 'batch_set_faq', { StandardQuestionIds: [faqQ], Status: 6 }), 70014);
    expectFail(await call(forged, a.admin, 'batch_set_faq', { StandardQuestionIds: [faqQ], Status: 6 }), 70009);
    expectFail(await call(forged, a.admin, 'list_faq', { PageIndex: 1, PageSize: 10 }), 70009);
    expect(await snapshot()).toEqual(before);
  });

  it("B's writes never appear in A", async () => {
    const before = await snapshot();
    const bCat = await addCategory(b, 'faq', 'B cat');
    await addQuestion(b, 'faq', { CategoryId: bCat, Question: 'A secret question' }); // same text is fine in another app
    expectOk(await b.call('update_robot_config', { FallbackMsg: 'B fallback' }));
    expectOk(await b.call('robot_add_language', { LanguageTag: 'ja' }));
    expectOk(await b.call('del_faq_category', { CategoryId: bCat }));
    expect(await snapshot()).toEqual(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { addCategory, addQuestion, allCategoryId, categories, expectFail, expectOk, listAll } from './helpers.ts';

// Spec 05 §5.1 desk_add_robot, and the Parley `RobotId` body field on the knowledge commands.

describe('robots: desk_add_robot and the RobotId extension', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  it('desk_add_robot returns a RobotId "@RBT#..." that the console lists', async () => {
    const client = await fresh();
    const res = await client.call('desk_add_robot', { RobotNickName: '多机器人' });
    expectOk(res);
    expect(res.RobotId).toMatch(/^@RBT#[0-9a-z]+$/);
    expect(res.RobotId).not.toBe('@RBT#DeskDefaultRobot');
    const robots = await createApiClient(test, client).request('GET', '/robots');
    expect(robots.body.items.map((r: any) => r.robotId)).toEqual(expect.arrayContaining(['@RBT#DeskDefaultRobot', res.RobotId]));
    expect(robots.body.items.find((r: any) => r.robotId === res.RobotId).nickname).toBe('多机器人');
  });

  it('RobotNickName: 50 characters ok (counted as characters), 51 → -7, empty/blank/missing → -7', async () => {
    const client = await fresh();
    expectOk(await client.call('desk_add_robot', { RobotNickName: '机'.repeat(50) }));
    const before = (await createApiClient(test, client).request('GET', '/robots')).body.items.length;
    expectFail(await client.call('desk_add_robot', { RobotNickName: '机'.repeat(51) }), -7);
    expectFail(await client.call('desk_add_robot', { RobotNickName: 'x'.repeat(51) }), -7);
    expectFail(await client.call('desk_add_robot', { RobotNickName: '' }), -7);
    expectFail(await client.call('desk_add_robot', { RobotNickName: '   ' }), -7);
    expectFail(await client.call('desk_add_robot', {}), -7);
    expect((await createApiClient(test, client).request('GET', '/robots')).body.items.length).toBe(before);
  });

  it('quota: 3 robots including the default; the 4th fails and is not created', async () => {
    const client = await fresh();
    expectOk(await client.call('desk_add_robot', { RobotNickName: 'two' }));
    expectOk(await client.call('desk_add_robot', { RobotNickName: 'three' }));
    const fourth = await client.call('desk_add_robot', { RobotNickName: 'four' });
    expect(fourth.ActionStatus).toBe('FAIL');
    expect(fourth.ErrorCode).not.toBe(0);
    expect(fourth.ErrorCode).not.toBe(-1);
    expect((await createApiClient(test, client).request('GET', '/robots')).body.items).toHaveLength(3);
  });

  it('a new robot starts with its own default config, "全部分类" and the preset small talk', async () => {
    const client = await fresh();
    const { RobotId } = await client.call('desk_add_robot', { RobotNickName: 'second' });
    expectOk(await client.call('desc_robot_config', { RobotId }));
    const faqCats = await categories(client, 'faq', { RobotId });
    expect(faqCats).toEqual([expect.objectContaining({ MenuType: 1, Title: '全部分类' })]);
    const chit = await listAll(client, 'chitchat', { RobotId });
    expect(chit.map((q) => q.StandardQuestion)).toEqual(expect.arrayContaining(['转人工', 'Talk to a human']));
    const defaultChit = await listAll(client, 'chitchat');
    // different question ids per robot
    const ids = new Set(defaultChit.map((q) => q.StandardQuestionId));
    expect(chit.some((q) => ids.has(q.StandardQuestionId))).toBe(false);
    expect((await client.call('robot_get_language_list', { RobotId })).Languages).toEqual([{ LanguageTag: '', IsDefault: 1 }]);
  });

  it('RobotId targets another robot; its knowledge, config and languages are separate', async () => {
    const client = await fresh();
    const { RobotId } = await client.call('desk_add_robot', { RobotNickName: 'second' });
    const cat2 = await addCategory(client, 'faq', 'robot2 cat', { RobotId });
    const q2 = await addQuestion(client, 'faq', { CategoryId: cat2, Question: 'only on robot 2', RobotId });
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10 })).StandardQuestionCount).toBe(0);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, RobotId })).StandardQuestionCount).toBe(1);
    expect((await categories(client, 'faq')).map((c) => c.CategoryId)).not.toContain(cat2);
    // the default robot cannot use robot 2's category or question ids
    expectFail(await client.call('add_faq', { CategoryId: cat2, Question: 'cross', Answer: 'a' }), -7);
    expectFail(await client.call('update_faq', { StandardQuestionId: q2, Answer: 'cross' }), -50003);
    expectFail(await client.call('batch_set_faq', { StandardQuestionIds: [q2], Status: 6 }), -50003);
    expectFail(await client.call('del_faq_category', { CategoryId: cat2 }), -50003);
    expect((await client.call('list_faq', { PageIndex: 1, PageSize: 10, RobotId })).QuestionList[0].Answer).toBe('answer to only on robot 2');
    // config
    expectOk(await client.call('update_robot_config', { RobotId, FallbackMsg: 'robot 2 fallback' }));
    expect((await client.call('desc_robot_config', { RobotId })).FallbackMsg).toBe('robot 2 fallback');
    expect((await client.call('desc_robot_config', {})).FallbackMsg).not.toBe('robot 2 fallback');
    // languages
    expectOk(await client.call('robot_add_language', { RobotId, LanguageTag: 'en' }));
    expect((await client.call('robot_get_language_list', {})).Languages).toHaveLength(1);
    expect((await client.call('robot_get_language_list', { RobotId })).Languages).toHaveLength(2);
    // explicit default id works as omission
    const explicit = await client.call('list_faq', { PageIndex: 1, PageSize: 10, RobotId: '@RBT#DeskDefaultRobot' });
    expect(explicit).toEqual(await client.call('list_faq', { PageIndex: 1, PageSize: 10 }));
  });

  it('an unknown RobotId → -50003 on every command that takes one', async () => {
    const client = await fresh();
    const all = await allCategoryId(client, 'faq');
    const RobotId = '@RBT#doesnotexist';
    const calls: Array<[string, Record<string, unknown>]> = [
      ['desc_robot_config', {}],
      ['update_robot_config', { FallbackMsg: 'x' }],
      ['desc_faq_category', {}],
      ['desc_chitchat_category', {}],
      ['add_faq_category', { Title: 'x' }],
      ['add_chitchat_category', { Title: 'x' }],
      ['update_faq_category', { CategoryId: all, Title: 'x' }],
      ['del_faq_category', { CategoryId: all }],
      ['add_faq', { CategoryId: all, Question: 'x', Answer: 'y' }],
      ['add_chitchat', { CategoryId: all, Question: 'x', Answer: 'y' }],
      ['update_faq', { StandardQuestionId: 'x', Answer: 'y' }],
      ['update_faq_similar', { StandardQuestionId: 'x', SimilarQuestions: [] }],
      ['batch_set_faq', { StandardQuestionIds: ['x'], Status: 5 }],
      ['list_faq', { PageIndex: 1, PageSize: 10 }],
      ['list_chitchat', { PageIndex: 1, PageSize: 10 }],
      ['robot_add_language', { LanguageTag: 'en' }],
      ['robot_get_language_list', {}],
      ['robot_del_language', { LanguageTag: 'en' }],
    ];
    for (const [command, body] of calls) expectFail(await client.call(command, { ...body, RobotId }), -50003);
    expectFail(await client.call('list_faq', { PageIndex: 1, PageSize: 10, RobotId: '' }), -7);
  });
});

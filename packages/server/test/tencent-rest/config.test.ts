import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { expectFail, expectOk } from './helpers.ts';

// E02 desc_robot_config / E03 update_robot_config.

describe('robot config (E02, E03)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  it('desc_robot_config returns every documented field with documented types', async () => {
    const client = await fresh();
    const res = await client.call('desc_robot_config', { LanguageTag: '' });
    expectOk(res);
    for (const key of ['WelcomeCardEnable', 'ToAgentEnable', 'ChitchatEnable', 'ClarifyEnable', 'ClarifyNumber']) expect(Number.isInteger(res[key]), key).toBe(true);
    for (const key of ['DirectAnsweringReaches', 'ChitchatReaches', 'ClarifyReaches']) expect(typeof res[key], key).toBe('string');
    for (const key of ['WelcomeCardTitle', 'ClarifyMessage', 'FallbackMsg']) expect(typeof res[key], key).toBe('string');
    expect(Array.isArray(res.WelcomeCardQuestions)).toBe(true);
    // omitted LanguageTag = default language
    const omitted = await client.call('desc_robot_config', {});
    expect(omitted).toEqual(res);
  });

  it('update_robot_config with the documented sample; desc returns it with thresholds as strings', async () => {
    const client = await fresh();
    const sample = {
      WelcomeCardQuestions: ['今天天气怎么样', 'RESTAPI设置欢迎语'],
      WelcomeCardEnable: 1,
      WelcomeCardTitle: '猜你想问',
      ToAgentEnable: 0,
      DirectAnsweringReaches: '0.56',
      ChitchatEnable: 1,
      ChitchatReaches: '0.88',
      ClarifyEnable: 1,
      ClarifyReaches: '0.21',
      ClarifyMessage: '你可能想问',
      ClarifyNumber: 6,
      FallbackMsg: '触发兜底了',
      LanguageTag: '',
    };
    const res = await client.call('update_robot_config', sample);
    expectOk(res);
    expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    const { LanguageTag: _, ...expected } = sample;
    expect(await client.call('desc_robot_config', {})).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...expected });
  });

  it('thresholds are accepted as numbers too, and returned as strings', async () => {
    const client = await fresh();
    expectOk(await client.call('update_robot_config', { DirectAnsweringReaches: 0.9, ChitchatReaches: 0.7, ClarifyReaches: '0.3' }));
    const res = await client.call('desc_robot_config', {});
    expect(res).toMatchObject({ DirectAnsweringReaches: '0.9', ChitchatReaches: '0.7', ClarifyReaches: '0.3' });
  });

  it('omitted fields are left unchanged (partial update)', async () => {
    const client = await fresh();
    const before = await client.call('desc_robot_config', {});
    expectOk(await client.call('update_robot_config', { FallbackMsg: 'only this' }));
    const after = await client.call('desc_robot_config', {});
    expect(after).toEqual({ ...before, FallbackMsg: 'only this' });
  });

  it('writes take effect in production and are mirrored into test', async () => {
    const client = await fresh();
    const api = createApiClient(test, client);
    expectOk(await client.call('update_robot_config', { WelcomeCardTitle: 'REST title', ClarifyNumber: 4 }));
    const prod = await api.request('GET', '/robots/default/config?env=prod');
    const testEnv = await api.request('GET', '/robots/default/config?env=test');
    expect(prod.body).toMatchObject({ welcomeCardTitle: 'REST title', clarifyNumber: 4 });
    expect(testEnv.body).toMatchObject({ welcomeCardTitle: 'REST title', clarifyNumber: 4 });
  });

  it('console edits land in test only: desc_robot_config (production) does not see them until publish', async () => {
    const client = await fresh();
    const api = createApiClient(test, client);
    const before = await client.call('desc_robot_config', {});
    const patch = await api.request('PATCH', '/robots/default/config', { welcomeCardTitle: 'console title' });
    expect(patch.status).toBe(200);
    expect(await client.call('desc_robot_config', {})).toEqual(before);
    expect((await api.request('POST', '/robots/default/publish', {})).status).toBe(200);
    expect((await client.call('desc_robot_config', {})).WelcomeCardTitle).toBe('console title');
  });

  it('more than 20 WelcomeCardQuestions → -7 and nothing changes; exactly 20 is fine', async () => {
    const client = await fresh();
    const before = await client.call('desc_robot_config', {});
    const q = (n: number) => Array.from({ length: n }, (_, i) => `question ${i}`);
    expectFail(await client.call('update_robot_config', { WelcomeCardQuestions: q(21), FallbackMsg: 'should not stick' }), -7);
    expect(await client.call('desc_robot_config', {})).toEqual(before);
    expectOk(await client.call('update_robot_config', { WelcomeCardQuestions: q(20) }));
    expect((await client.call('desc_robot_config', {})).WelcomeCardQuestions).toEqual(q(20));
  });

  it('ClarifyReaches > DirectAnsweringReaches → -7, in one call or across calls', async () => {
    const client = await fresh();
    const before = await client.call('desc_robot_config', {});
    expectFail(await client.call('update_robot_config', { DirectAnsweringReaches: '0.5', ClarifyReaches: '0.6' }), -7);
    expect(await client.call('desc_robot_config', {})).toEqual(before);
    expectOk(await client.call('update_robot_config', { DirectAnsweringReaches: '0.5', ClarifyReaches: '0.5' }));
    expectFail(await client.call('update_robot_config', { ClarifyReaches: '0.51' }), -7);
    expectFail(await client.call('update_robot_config', { DirectAnsweringReaches: 0.49 }), -7);
    expect((await client.call('desc_robot_config', {})).ClarifyReaches).toBe('0.5');
  });

  it('invalid values → -7', async () => {
    const client = await fresh();
    const bad: Array<Record<string, unknown>> = [
      { DirectAnsweringReaches: 'abc' },
      { DirectAnsweringReaches: '' },
      { ChitchatReaches: 1.5 },
      { ClarifyReaches: -0.1 },
      { WelcomeCardEnable: 2 },
      { ClarifyNumber: 0 },
      { ClarifyNumber: 1.5 },
      { WelcomeCardTitle: 'x'.repeat(51) },
      { FallbackMsg: 'x'.repeat(1001) },
      { WelcomeCardQuestions: ['ok', '  '] },
    ];
    for (const body of bad) expectFail(await client.call('update_robot_config', body), -7);
  });

  it('a LanguageTag that has not been added → -7 on update and desc; after adding it works per language', async () => {
    const client = await fresh();
    expectFail(await client.call('update_robot_config', { LanguageTag: 'en', FallbackMsg: 'x' }), -7);
    expectFail(await client.call('desc_robot_config', { LanguageTag: 'en' }), -7);
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    const en = await client.call('desc_robot_config', { LanguageTag: 'en' });
    expectOk(en);
    expectOk(await client.call('update_robot_config', { LanguageTag: 'en', FallbackMsg: 'Sorry!' }));
    expect((await client.call('desc_robot_config', { LanguageTag: 'en' })).FallbackMsg).toBe('Sorry!');
    expect((await client.call('desc_robot_config', {})).FallbackMsg).not.toBe('Sorry!');
  });

  it('switches accept 0/1 and are returned as 0/1; booleans are refused (the spec types them Integer)', async () => {
    const client = await fresh();
    expectOk(await client.call('update_robot_config', { WelcomeCardEnable: 0, ChitchatEnable: 0, ClarifyEnable: 1, ToAgentEnable: 1 }));
    expect(await client.call('desc_robot_config', {})).toMatchObject({ WelcomeCardEnable: 0, ChitchatEnable: 0, ClarifyEnable: 1, ToAgentEnable: 1 });
    expectFail(await client.call('update_robot_config', { WelcomeCardEnable: true }), -7);
    expectFail(await client.call('update_robot_config', { ClarifyEnable: false }), -7);
    expect(await client.call('desc_robot_config', {})).toMatchObject({ WelcomeCardEnable: 0, ClarifyEnable: 1 });
  });
});

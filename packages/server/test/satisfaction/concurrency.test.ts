import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROBOT_ID } from '../../src/knowledge/index.ts';
import { startTestServer, type TestServer } from '../harness.ts';

// E27 merges per language under a row lock: concurrent updates of different languages all land.

describe('satisfaction updates under concurrency', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  it('concurrent updates of different languages all land', async () => {
    const services = test.server.services;
    const app = await services.apps.create({ name: 'Race' });
    const tags = ['ja', 'vi', 'id', 'fil']; // four added languages plus the default: the quota
    for (const tag of tags) await services.knowledge.robots.addLanguage(app, { appId: app.sdkAppId, robotId: DEFAULT_ROBOT_ID }, tag);
    const texts = (tag: string) => ({ invitation: `rate-${tag}`, submission: 'thanks', levels: ['1', '2', '3', '4', '5'], validityHours: 12 });
    await Promise.all([...tags, 'zh', 'en'].map((tag) => services.satisfaction.update(app.sdkAppId, { multilingual: { [tag]: texts(tag) } })));
    const stored = (await services.satisfaction.get(app.sdkAppId)).multilingual;
    expect(Object.keys(stored).sort()).toEqual(['en', 'fil', 'id', 'ja', 'vi', 'zh']);
    for (const [tag, value] of Object.entries(stored)) expect(value.invitation).toBe(`rate-${tag}`);
  });
});

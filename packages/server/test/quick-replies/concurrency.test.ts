import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSpace, type QuickReplyService } from '../../src/quick-replies/quick-reply-service.ts';
import { startTestServer, type TestServer } from '../harness.ts';

// Category writes of one app are serialised, so the unique-name rule and the sort order hold
// under concurrent calls (on PostgreSQL; PGlite runs transactions one at a time anyway).

describe('quick-reply categories under concurrency', () => {
  let test: TestServer;
  let service: QuickReplyService;
  beforeAll(async () => {
    test = await startTestServer();
    service = test.server.services.quickReplies;
  });
  afterAll(() => test?.close());

  it('ten concurrent creations of one name: exactly one succeeds', async () => {
    const appId = (await test.server.services.apps.create({ name: 'Race' })).sdkAppId;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => service.createCategory(sharedSpace(appId), { name: 'Same', scope: 'all' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.message).toContain('already exists');
    expect((await service.listCategories(sharedSpace(appId))).map((c) => c.name)).toEqual(['Same']);
  });

  it('concurrent creations of different names get distinct sort positions', async () => {
    const appId = (await test.server.services.apps.create({ name: 'Sorts' })).sdkAppId;
    await Promise.all(Array.from({ length: 8 }, (_, i) => service.createCategory(sharedSpace(appId), { name: `C${i}`, scope: 'all' })));
    const sorts = (await service.listCategories(sharedSpace(appId))).map((c) => c.sort);
    expect(sorts).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

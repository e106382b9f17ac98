import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SATISFACTION } from '../../src/satisfaction/settings.ts';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';
import { getSettings } from './helpers.ts';

// The console's satisfaction page: GET/PUT /api/settings/satisfaction, camelCase JSON.

describe('satisfaction settings in the console API', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = async () => {
    const rest = await createRestClient(test);
    return { rest, api: createApiClient(test, rest) };
  };
  const get = async (api: ApiClient) => {
    const res = await api.request('GET', '/settings/satisfaction');
    expect(res.status).toBe(200);
    // The revision (`updatedAt`, for edit conflicts) is tested in test/api/edit-conflicts.test.ts.
    const { updatedAt: _revision, ...settings } = res.body;
    return settings;
  };

  const english = { invitation: 'Rate us', submission: 'Thanks', levels: ['1', '2', '3', '4', '5'], validityHours: 6 };

  it('GET on a new app returns the defaults', async () => {
    const { api } = await fresh();
    expect(await get(api)).toEqual(DEFAULT_SATISFACTION);
  });

  it('PUT merges like E27, answers with the whole settings, and REST sees the same', async () => {
    const { api, rest } = await fresh();
    const res = await api.request('PUT', '/settings/satisfaction', {
      enabled: false,
      content: { submission: '谢谢', levels: ['差', '较差', '一般', '好', '很好'], validityHours: 24 },
      multilingual: { zh: { ...english, invitation: '请评价' } },
    });
    expect(res.status).toBe(200);
    const expected = {
      enabled: false,
      invitationMethod: 3,
      content: { invitation: DEFAULT_SATISFACTION.content.invitation, submission: '谢谢', levels: ['差', '较差', '一般', '好', '很好'], validityHours: 24 },
      multilingual: { en: DEFAULT_SATISFACTION.multilingual.en, zh: { ...english, invitation: '请评价' } },
    };
    expect(res.body).toMatchObject(expected);
    expect(await get(api)).toEqual(expected);
    expect((await getSettings(rest)).SatisfactionContent).toMatchObject({ OneStarContent: '差', SubmissionValidityPeriod: 24 });

    const removed = await api.request('PUT', '/settings/satisfaction', { multilingual: { en: null } });
    expect(removed.body.multilingual).toEqual({ zh: expected.multilingual.zh });
  });

  it.each([
    ['four levels', { content: { ...english, levels: ['1', '2', '3', '4'] } }, 'content.levels must hold five labels'],
    ['a 51-character label', { content: { ...english, levels: ['1', '2', '3', '4', 'x'.repeat(51)] } }, 'content.levels.4 is at most 50 characters'],
    ['an empty submission', { content: { ...english, submission: ' ' } }, 'content.submission must not be empty'],
    ['validity 0', { content: { ...english, validityHours: 0 } }, 'content.validityHours must be from 1 to 720 (hours)'],
    ['validity 1.5', { content: { ...english, validityHours: 1.5 } }, 'content.validityHours must be a whole number of hours from 1 to 720'],
    ['method 5', { invitationMethod: 5 }, 'invitationMethod must be 1'],
    ['an unknown language', { multilingual: { ja: english } }, 'language "ja" has not been added'],
    ['a "" language', { multilingual: { '': english } }, 'the default language is `content` itself'],
    ['an unknown field', { enabled: true, colour: 'red' }, 'colour'],
    ['enabled as a number', { enabled: 1 }, 'enabled'],
    [
      'several problems at once',
      { invitationMethod: 0, content: { ...english, validityHours: 999 } },
      'invitationMethod must be 1 (auto-send at session end), 2 (agent invites) or 3 (both); content.validityHours',
    ],
  ])('refuses %s with 400 and changes nothing', async (_label, body, message) => {
    const { api } = await fresh();
    const res = await api.request('PUT', '/settings/satisfaction', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(-7);
    expect(res.body.error.message).toContain(message);
    expect(await get(api)).toEqual(DEFAULT_SATISFACTION);
  });

  it('keeps apps apart and needs a console login', async () => {
    const first = await fresh();
    const second = await fresh();
    expect((await first.api.request('PUT', '/settings/satisfaction', { invitationMethod: 1 })).status).toBe(200);
    expect((await get(second.api)).invitationMethod).toBe(3);
    expect((await fetch(`${test.baseUrl}/api/settings/satisfaction`)).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KB_LIMITS } from '@parley/protocol';
import { createApiClient, createRestClient, startTestServer, type ApiClient, type TestServer } from '../harness.ts';

// PATCH /api/robots/:robotId/:library/questions/:questionId is one edit: all of it is saved, or none.

describe('editing a question through the console API', () => {
  let test: TestServer;
  let api: ApiClient;
  let categoryId: number;

  beforeAll(async () => {
    test = await startTestServer();
    api = createApiClient(test, await createRestClient(test));
    const category = await api.request('POST', '/robots/default/faq/categories', { title: 'Orders' });
    expect(category.status).toBe(200);
    categoryId = category.body.categoryId;
  });
  afterAll(() => test?.close());

  async function addQuestion(question: string) {
    const added = await api.request('POST', '/robots/default/faq/questions', { categoryId, question, answer: 'Within 3 days.', similar: ['when will it ship'] });
    expect(added.status).toBe(200);
    const path = `/robots/default/faq/questions/${encodeURIComponent(added.body.questionId)}`;
    const before = await api.request('GET', path);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    return { path, before: before.body };
  }

  it('saves the fields and the similar questions together and answers the saved question', async () => {
    const { path, before } = await addQuestion('How long does shipping take?');
    const edited = await api.request('PATCH', path, { answer: 'Within 2 days.', similar: ['shipping time', 'delivery time', 'shipping time'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ questionId: before.questionId, answer: 'Within 2 days.', similar: ['shipping time', 'delivery time'], question: before.question });
    expect((await api.request('GET', path)).body).toEqual(edited.body);
  });

  it('changes nothing when one part is refused (a new answer with too many similar questions)', async () => {
    const { path, before } = await addQuestion('Can I return an item?');
    const tooMany = Array.from({ length: KB_LIMITS.similarCount + 1 }, (_, i) => `return question ${i}`);
    const refused = await api.request('PATCH', path, { answer: 'Yes, within 30 days.', similar: tooMany });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(`At most ${KB_LIMITS.similarCount} similar questions`);
    expect((await api.request('GET', path)).body).toEqual(before);
  });

  it('changes nothing when a similar question is too long, even after a valid question text', async () => {
    const { path, before } = await addQuestion('Do you ship abroad?');
    const refused = await api.request('PATCH', path, { question: 'Do you ship overseas?', similar: ['x'.repeat(KB_LIMITS.similar + 1)] });
    expect(refused.status).toBe(400);
    expect((await api.request('GET', path)).body).toEqual(before);
  });

  it('refuses a string where an integer is due, before touching anything', async () => {
    const { path, before } = await addQuestion('Is there a warranty?');
    const refused = await api.request('PATCH', path, { answer: 'Two years.', categoryId: String(categoryId) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('categoryId');
    expect((await api.request('GET', path)).body).toEqual(before);
  });
});

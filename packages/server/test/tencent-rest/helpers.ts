import { expect } from 'vitest';
import type { RestClient, TestServer } from '../harness.ts';

/** Shared assertions and shortcuts for the Tencent REST conformance suite. */

export type Envelope = Record<string, any>;

export function expectOk(res: Envelope): void {
  expect(res, JSON.stringify(res)).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
}

export function expectFail(res: Envelope, code: number): void {
  expect(res, JSON.stringify(res)).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
  expect(typeof res.ErrorInfo).toBe('string');
  expect(res.ErrorInfo.length).toBeGreaterThan(0);
}

/** Any answer that is a documented client error, never an internal one (-1) or a crash. */
export function expectHandled(res: Envelope, label = ''): void {
  const message = `${label} → ${JSON.stringify(res)}`;
  expect(res, message).toHaveProperty('ActionStatus');
  expect(['OK', 'FAIL'], message).toContain(res.ActionStatus);
  expect(res.ErrorCode, message).not.toBe(-1);
  if (res.ActionStatus === 'OK') expect(res.ErrorCode).toBe(0);
  else expect(res.ErrorCode).not.toBe(0);
}

/** Calls a URL with a hand-built query string; returns HTTP status and parsed body. */
export async function rawCall(test: TestServer, path: string, query: string, body: string | undefined, method = 'POST'): Promise<{ status: number; body: Envelope }> {
  const response = await fetch(`${test.baseUrl}${path}?${query}`, { method, body });
  const text = await response.text();
  let parsed: Envelope;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { unparsable: text };
  }
  return { status: response.status, body: parsed };
}

export type Library = 'faq' | 'chitchat';

/** Every question of a library in production (all pages), via list_*. */
export async function listAll(client: RestClient, library: Library, filters: Record<string, unknown> = {}): Promise<Envelope[]> {
  const out: Envelope[] = [];
  for (let page = 1; ; page++) {
    const res = await client.call(`list_${library}`, { PageIndex: page, PageSize: 100, ...filters });
    expectOk(res);
    out.push(...res.QuestionList);
    if (res.QuestionList.length < 100) return out;
  }
}

export async function categories(client: RestClient, library: Library, extra: Record<string, unknown> = {}): Promise<Envelope[]> {
  const res = await client.call(`desc_${library}_category`, extra);
  expectOk(res);
  return res.List;
}

/** The "全部分类" (MenuType 1) category of a library. */
export async function allCategoryId(client: RestClient, library: Library, extra: Record<string, unknown> = {}): Promise<number> {
  const all = (await categories(client, library, extra)).find((c) => c.MenuType === 1);
  expect(all).toBeDefined();
  return all!.CategoryId;
}

export async function addCategory(client: RestClient, library: Library, title: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await client.call(`add_${library}_category`, { Title: title, ...extra });
  expectOk(res);
  expect(Number.isInteger(res.CategoryId)).toBe(true);
  return res.CategoryId;
}

/** add_* returns no id (E15/E17): adds, then finds the new question by its exact text in production. */
export async function addQuestion(client: RestClient, library: Library, fields: { CategoryId: number; Question: string; Answer?: string; [k: string]: unknown }): Promise<string> {
  const res = await client.call(`add_${library}`, { Answer: `answer to ${fields.Question}`, ...fields });
  expectOk(res);
  return findQuestion(client, library, fields.Question, { LanguageTag: fields.LanguageTag, RobotId: fields.RobotId });
}

export async function findQuestion(client: RestClient, library: Library, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const filters = Object.fromEntries(Object.entries({ Question: text, ...extra }).filter(([, v]) => v !== undefined));
  const found = (await listAll(client, library, filters)).filter((q) => q.StandardQuestion === text);
  expect(found, `question ${text}`).toHaveLength(1);
  return found[0].StandardQuestionId;
}

export async function getQuestion(client: RestClient, library: Library, id: string, extra: Record<string, unknown> = {}): Promise<Envelope | undefined> {
  return (await listAll(client, library, extra)).find((q) => q.StandardQuestionId === id);
}

let counter = 0;
/** A unique text, so tests sharing one app never collide. */
export const unique = (prefix = 'q') => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

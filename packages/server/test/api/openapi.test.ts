import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGateway } from '../../src/gateways/api/plugin.ts';
import { createApiClient, createRestClient, startTestServer, type TestServer } from '../harness.ts';

// The /api contract: every route the server has is in the OpenAPI document, with a response schema.

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
}

/** The document's own pages are not operations. */
const DOC_ROUTES = /^\/api\/(docs(\/|$)|openapi\.json$)/;
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document of /api', () => {
  let test: TestServer;
  let http: FastifyInstance;
  const routes: { method: string; url: string }[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    // The same gateway the server registers, in an instance that records each route as it is added
    // (never listening; without the websocket plugin the socket route is a plain GET, listed all the same).
    http = Fastify({ logger: false });
    http.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD' && route.url.startsWith('/api')) routes.push({ method, url: route.url });
    });
    await http.register(apiGateway, { services: test.server.services, prefix: '/api' });
    await http.ready();
  });
  afterAll(async () => {
    await http?.close();
    await test?.close();
  });

  async function documentOf(): Promise<OpenApiDocument> {
    const response = await fetch(`${test.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    return (await response.json()) as OpenApiDocument;
  }

  it('is OpenAPI 3.1 and documents every /api route the server has', async () => {
    const document = await documentOf();
    expect(document.openapi).toBe('3.1.0');
    const served = routes.filter((r) => !DOC_ROUTES.test(r.url));
    expect(served.length).toBeGreaterThan(80);
    const missing = served.filter((r) => !document.paths[toOpenApiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
    expect(missing, `routes missing from /api/openapi.json:\n${missing.join('\n')}`).toEqual([]);
  });

  it('gives every documented operation a success response schema', async () => {
    const document = await documentOf();
    const withoutResponse: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^[12]\d\d$/.test(status));
        if (success.length === 0) withoutResponse.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(withoutResponse, `operations without a response schema:\n${withoutResponse.join('\n')}`).toEqual([]);
  });

  it('serves the browsable page with its own assets', async () => {
    const page = await fetch(`${test.baseUrl}/api/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const script = /src="\.\/static\/([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${test.baseUrl}/api/docs/static/${script}`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(1000); // read whole: an unread body keeps the connection busy at close
  });

  it('answers schema errors with the /api envelope, bounded, and refuses a boolean for an integer', async () => {
    const api = createApiClient(test, await createRestClient(test));
    const boolean = await api.request('POST', '/robots/default/faq/categories', { title: 'x', parentId: true });
    expect(boolean.status).toBe(400);
    expect(boolean.body.error.message).toContain('parentId');
    const huge = await api.request('POST', '/robots/default/faq/questions', { categoryId: 'x'.repeat(100_000), question: 1, answer: 2, similar: Array(50).fill(3) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe(-7);
    expect(JSON.stringify(huge.body).length).toBeLessThan(2000);
  });
});

/**
 * Child process of bench/api.ts: runs one HTTP server so the load generator (the parent) does
 * not share its event loop. Started with fork(); talks over IPC.
 *
 *   argv[2] === 'parley'   real Parley server (test harness: PGlite in memory, or a fresh
 *                          PostgreSQL database when TEST_DATABASE_URL is set), seeded with FAQ.
 *   argv[2] === 'baseline' bare Fastify app with one POST route returning a fixed JSON body.
 *
 * Messages in:  { type: 'stop' } | { type: 'explain', sql: string[] } | { type: 'profile', iterations } (last two parley only)
 * Messages out: { type: 'ready', ... } | { type: 'explained', plans } | { type: 'profiled', listMs } | { type: 'error', message }
 */
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { faqEntries } from './api-faq-text.ts';

const send = (msg: unknown) => process.send!(msg);

process.on('uncaughtException', (error) => {
  send({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
});

async function runBaseline() {
  const body = await new Promise<unknown>((resolve) => process.once('message', (m: any) => m.type === 'body' && resolve(m.body)));
  const app = Fastify({ logger: false });
  // Same URL shape as the gateway; Fastify serializes the object with JSON.stringify, as for the gateway's envelope.
  app.post('/v4/:service/:command', async (_request, reply) => {
    reply.header('content-type', 'application/json; charset=utf-8');
    return body;
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', async (m: any) => {
    if (m.type === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
  send({ type: 'ready', baseUrl: address });
}

async function runParley() {
  const seedCount = Number(process.env.BENCH_SEED ?? 10_000);
  const chunk = 1000;
  const started = performance.now();
  // The harness picks PGlite or PostgreSQL from TEST_DATABASE_URL (set by the parent from DATABASE_URL).
  const { startTestServer } = await import('../../packages/server/test/harness.ts');
  const { DEFAULT_ROBOT_ID } = await import('../../packages/server/src/knowledge/index.ts');
  const test = await startTestServer({ config: { restRateLimit: 0 } });
  const startMs = performance.now() - started;
  const app = await test.server.services.apps.create({ name: 'Bench app' });
  const scope = { appId: app.sdkAppId, robotId: DEFAULT_ROBOT_ID };
  const library = test.server.services.knowledge.library;

  const seedStart = performance.now();
  const categories: number[] = [];
  for (const title of ['账户与安全', '订单与物流', '支付与退款', 'Billing', 'Membership']) {
    categories.push(await library.addCategory(scope, 'test+prod', 'faq', { title }));
  }
  const entries = faqEntries(seedCount);
  for (let i = 0; i < entries.length; i += chunk) {
    const inputs = entries.slice(i, i + chunk).map((e, j) => ({
      categoryId: categories[(i + j) % categories.length],
      question: e.question,
      answer: e.answer,
      similar: e.similar,
    }));
    await library.addQuestions(scope, 'test+prod', 'faq', inputs);
  }
  const seedMs = performance.now() - seedStart;
  // PGlite has no autovacuum, so without this the planner never gets statistics for kb_questions;
  // on PostgreSQL autovacuum would analyze the table within a minute or so of the import.
  const analyzed = process.env.BENCH_ANALYZE === '1';
  if (analyzed) await test.server.database.db.execute('ANALYZE' as never);

  let dbVersion = '';
  try {
    const result = (await test.server.database.db.execute('select version() as v' as never)) as { rows: Array<{ v: string }> };
    dbVersion = result.rows[0]?.v ?? '';
  } catch {
    // The version is only a label in the report; a database that will not say stays unnamed.
  }

  process.on('message', async (m: any) => {
    try {
      if (m.type === 'stop') {
        await test.close();
        process.exit(0);
      }
      if (m.type === 'explain') {
        const plans: string[] = [];
        for (const statement of m.sql as string[]) {
          const text = statement.replaceAll('$APP', String(app.sdkAppId));
          const result = (await test.server.database.db.execute(text as never)) as { rows: Array<Record<string, string>> };
          plans.push(result.rows.map((r) => Object.values(r)[0]).join('\n'));
        }
        send({ type: 'explained', plans });
      }
      if (m.type === 'profile') {
        // Serial, in-process service calls: the database cost of one list_faq without HTTP or concurrency.
        const n = Number(m.iterations ?? 200);
        const t0 = performance.now();
        for (let i = 0; i < n; i++) {
          await library.listQuestions(scope, 'prod', 'faq', { pageIndex: 1 + Math.floor(Math.random() * 100), pageSize: 10 });
        }
        const listMs = (performance.now() - t0) / n;
        send({ type: 'profiled', listMs });
      }
    } catch (error) {
      send({ type: 'error', message: String((error as Error).stack ?? error) });
    }
  });

  send({
    type: 'ready',
    baseUrl: test.baseUrl,
    databaseKind: test.server.database.kind,
    dbVersion,
    sdkAppId: app.sdkAppId,
    secretKey: app.secretKey,
    admin: app.adminIdentifier,
    robotId: DEFAULT_ROBOT_ID,
    categories,
    seeded: entries.length,
    seedMs,
    startMs,
    analyzed,
  });
}

const mode = process.argv[2];
if (mode === 'baseline') await runBaseline();
else if (mode === 'parley') await runParley();
else throw new Error(`unknown mode ${mode}`);

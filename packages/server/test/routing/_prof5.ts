import { performance } from 'node:perf_hooks';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer } from '../harness.ts';
import { ACCOUNT, addAgent, newDesk, newUser, updateSettings } from './helpers.ts';

const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
const test = await startTestServer({ clock });
const d = await newDesk(test);
const { conversations, db } = test.server.services;
const session = (db as any).session;
let count = 0;
const texts = new Map<string, number>();
const logger = { logQuery(q: string) { count++; const k = q.replace(/\s+/g, ' ').slice(0, 110); texts.set(k, (texts.get(k) ?? 0) + 1); } };
session.logger = logger; session.options.logger = logger;
const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
await updateSettings(d, { maxConcurrent: 3, queueTimeout: 0 });
for (let i = 0; i < 10; i++) await addAgent(d);
for (let i = 0; i < 30; i++) await conversations.customerSend({ appId: d.appId, accountId: ACCOUNT, userId: newUser(), msgRandom: 'x', body: text('转人工') });
const ids: string[] = [];
for (let i = 0; i < 20; i++) ids.push((await conversations.enter({ appId: d.appId, accountId: ACCOUNT, userId: newUser() })).sessionId);
count = 0; texts.clear();
const t = performance.now();
for (const id of ids) { clock.advance(1); await conversations.transferToHuman(d.appId, id, {}); }
console.log('transferToHuman queued', ((performance.now() - t) / 20).toFixed(1), 'ms', count / 20, 'queries each');
console.log([...texts].sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${(v / 20).toFixed(1)} ${k}`).join('\n'));
await test.close();

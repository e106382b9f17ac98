/**
 * Child process of bench/chat.ts: the floor Parley is compared against. A bare `ws` server that
 * speaks just enough of the customer protocol for the same load generator: `hello` → ready,
 * `subscribe` → subscribed, and per `send` one INSERT, then an ack, the message's own event and an
 * "answer" event — the same three frames Parley sends per message, with gapless per-user seqs.
 * No authentication, no robot, no event log.
 *
 * BENCH_DB is `pglite:<dir>` (PGlite in this process, on disk like `parley serve`) or a PostgreSQL
 * URL (a `pg` Pool as large as Parley's: DATABASE_POOL_SIZE, default 10). Sends "ready" over IPC; SIGTERM stops it.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { WebSocketServer } from 'ws';

const target = process.env.BENCH_DB ?? '';
const DDL = 'CREATE TABLE IF NOT EXISTS bench_baseline_messages (id bigserial PRIMARY KEY, user_id text NOT NULL, body jsonb NOT NULL, at timestamptz NOT NULL)';
const INSERT = 'INSERT INTO bench_baseline_messages (user_id, body, at) VALUES ($1, $2, now())';

let insert: (userId: string, body: unknown) => Promise<unknown>;
let close: () => Promise<void>;
if (target.startsWith('pglite:')) {
  const db = new PGlite(target.slice('pglite:'.length));
  await db.waitReady;
  await db.exec(DDL);
  insert = (userId, body) => db.query(INSERT, [userId, JSON.stringify(body)]);
  close = () => db.close();
} else {
  const pool = new pg.Pool({ connectionString: target, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
  await pool.query(DDL);
  insert = (userId, body) => pool.query(INSERT, [userId, JSON.stringify(body)]);
  close = () => pool.end();
}

// Same frame limit as Parley's /chat/v1/ws.
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
wss.on('connection', (ws) => {
  let userId = '';
  const seqs = new Map<string, number>();
  const reply = (frame: unknown) => ws.send(JSON.stringify(frame));
  // Like Parley, one frame at a time per socket, so a customer's messages keep their order.
  let queue = Promise.resolve();
  ws.on('message', (data) => {
    queue = queue.then(async () => {
      try {
        const frame = JSON.parse(data.toString());
        if (frame.type === 'hello') {
          userId = String(frame.userId);
          return reply({ type: 'ready', userId, channelType: 'SDK', serverTime: Date.now() });
        }
        if (frame.type === 'subscribe') return reply({ type: 'subscribed', accountId: frame.accountId, after: 0, head: seqs.get(frame.accountId) ?? 0 });
        if (frame.type !== 'send') return reply({ type: 'error', code: 90001, message: `unsupported frame ${frame.type}` });
        await insert(userId, frame.body);
        const seq = (seqs.get(frame.accountId) ?? 0) + 2;
        seqs.set(frame.accountId, seq);
        const at = Date.now();
        const msgKey = `${at}-${seq}`;
        reply({ type: 'ack', id: frame.id, accountId: frame.accountId, msgRandom: String(frame.msgRandom), msgKey, seq: seq - 1, sessionId: 'baseline', duplicate: false });
        reply({ type: 'event', accountId: frame.accountId, event: { seq: seq - 1, type: 'ChatBot.UserSendMsg', at, sessionId: 'baseline', msgKey, msgBody: frame.body, role: 1 } });
        reply({
          type: 'event',
          accountId: frame.accountId,
          event: { seq, type: 'ChatBot.RobotSendMsg', at, sessionId: 'baseline', msgKey: `${msgKey}-a`, msgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'answer' } }], role: 2 },
        });
      } catch (error) {
        reply({ type: 'error', code: 141002, message: String((error as Error).message ?? error) });
      }
    });
  });
});
await new Promise<void>((resolve) => wss.on('listening', resolve));

process.once('SIGTERM', async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  await close().catch(() => {});
  process.exit(0);
});
process.send!({ type: 'ready', port: (wss.address() as { port: number }).port });

/**
 * Reconnects after a crash: N customers chat with `parley serve` on the embedded database, the
 * server is killed with SIGKILL and started again on the same data directory, and every customer
 * reconnects at once and resends the messages it had no ack for. Measures how fast the new server
 * admits them (hello → ready) while it works through the resent messages.
 *
 *   npm run bench:reconnect -- [--customers 100] [--resend 3] [--db pglite,postgres] [--pg-url URL] [--json-only]
 *
 * Setup: `parley serve` in a child process (bench/lib/chat-servers.ts), PGlite on disk in a temp
 * dir as out of the box; with --db postgres, a fresh database bench_chat_<random> (dropped after).
 * Phase 1: every customer (ten at a time) says hello, subscribes and sends one message (acked): a
 * session is open. Then all send --resend more without waiting, and the server is killed (SIGKILL) at once.
 * Phase 2: a new server on the same database; all customers open their sockets together; each
 * resends its --resend messages (same msgRandom) as soon as it is ready.
 * Output: a table on stdout, then one line of JSON ({"bench":"reconnect",...}); progress on stderr.
 */
import { performance } from 'node:perf_hooks';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import WebSocket from 'ws';
import { flagsOf, numberArg } from './lib/cli-args.ts';
import { cleanup, createPgDatabase, log, pgliteTarget, startParley, type DbTarget, type ParleyTarget } from './lib/chat-servers.ts';

const ACCOUNT = '@customer_service_account';
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const USAGE = 'usage: npm run bench:reconnect -- [--customers 100] [--resend 3] [--db pglite,postgres] [--pg-url URL] [--json-only]';
const TIMEOUT_MS = 180_000;

type DbKind = 'pglite' | 'postgres';

function parseArgs(argv: string[]) {
  const opts = { customers: 100, resend: 3, db: ['pglite'] as DbKind[], pgUrl: DEFAULT_PG_URL, jsonOnly: false };
  for (const { flag, value } of flagsOf(argv)) {
    if (flag === '--customers' || flag === '-n') opts.customers = Math.floor(numberArg(flag, value(), 1));
    else if (flag === '--resend') opts.resend = Math.floor(numberArg(flag, value(), 1));
    else if (flag === '--db') {
      opts.db = value().split(',') as DbKind[];
      for (const d of opts.db) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db takes pglite and/or postgres, got "${d}"`);
    } else if (flag === '--pg-url') opts.pgUrl = value();
    else if (flag === '--json-only' || flag === '--json') opts.jsonOnly = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument: ${flag}\n${USAGE}`);
  }
  return opts;
}

/** A bare customer socket: frames as they come, and waits on them. */
class Customer {
  private frames: Record<string, any>[] = [];
  private waiters = new Set<() => void>();
  private constructor(private ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      for (const wake of this.waiters) wake();
    });
    ws.on('close', () => {
      for (const wake of this.waiters) wake();
    });
  }

  static open(wsUrl: string): Promise<Customer> {
    const ws = new WebSocket(wsUrl);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Customer(ws)));
      ws.once('error', reject);
    });
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  waitFor(match: (frame: Record<string, any>) => boolean, what: string): Promise<Record<string, any>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (found) return done(() => resolve(found));
        if (this.ws.readyState === WebSocket.CLOSED) done(() => reject(new Error(`socket closed waiting for ${what}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}`))), TIMEOUT_MS);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  lastSeq(): number {
    return Math.max(0, ...this.frames.filter((f) => f.type === 'event').map((f) => f.event.seq as number));
  }

  close(): void {
    this.ws.terminate();
  }
}

interface Person {
  userId: string;
  userSig: string;
  cursor: number;
  resends: string[];
}

async function hello(parley: ParleyTarget, person: Person, opened?: () => void): Promise<Customer> {
  const customer = await Customer.open(parley.wsUrl);
  opened?.();
  customer.send({ type: 'hello', sdkAppId: parley.sdkAppId, userId: person.userId, userSig: person.userSig });
  await customer.waitFor((f) => f.type === 'ready' || f.type === 'error', `ready of ${person.userId}`);
  return customer;
}

const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];

/** Phase 1 on the first server: a session per customer, then resends in flight when it dies. */
async function beforeTheCrash(parley: ParleyTarget, people: Person[]): Promise<void> {
  // Ten at a time: this phase only sets the scene, and must not trip the 10 s hello deadline on a loaded machine.
  const customers: Customer[] = [];
  for (let i = 0; i < people.length; i += 10) customers.push(...(await Promise.all(people.slice(i, i + 10).map((person) => openSession(parley, person)))));
  // Then everyone sends more at once, and the server dies with these in flight.
  customers.forEach((customer, i) => {
    for (const msgRandom of people[i].resends) customer.send({ type: 'send', id: msgRandom, accountId: ACCOUNT, msgRandom, body: text(`还有一个问题 ${msgRandom}`) });
  });
}

async function openSession(parley: ParleyTarget, person: Person): Promise<Customer> {
  const customer = await hello(parley, person);
  customer.send({ type: 'subscribe', accountId: ACCOUNT });
  await customer.waitFor((f) => f.type === 'subscribed', 'subscribed');
  customer.send({ type: 'send', id: 'first', accountId: ACCOUNT, msgRandom: `${person.userId}-first`, body: text('你好，我想问一下退货') });
  await customer.waitFor((f) => f.type === 'ack' && f.id === 'first', 'first ack');
  person.cursor = customer.lastSeq();
  return customer;
}

interface Result {
  db: DbKind;
  customers: number;
  resend: number;
  restartMs: number;
  /** Milliseconds from the reconnect burst to each customer's ready. */
  readyP50: number;
  readyP95: number;
  readyMax: number;
  admittedPerSecond: number;
  /** Until every resent message is acked. */
  allAckedMs: number;
  errors: number;
  /** Customers whose socket closed before ready. */
  notAdmitted: number;
}

/** Phase 2 on the new server: everyone at once; ready times and the time until every resend is acked. */
async function afterTheCrash(parley: ParleyTarget, people: Person[]): Promise<Omit<Result, 'db' | 'customers' | 'resend' | 'restartMs'>> {
  const started = performance.now();
  const readyAt: number[] = [];
  const openAt: number[] = [];
  let errors = 0;
  let notAdmitted = 0;
  const sockets: Customer[] = [];
  await Promise.all(
    people.map(async (person) => {
      const customer = await hello(parley, person, () => openAt.push(performance.now() - started)).catch(() => undefined);
      if (!customer) return void notAdmitted++; // e.g. closed by the server's 10 s hello deadline
      sockets.push(customer);
      readyAt.push(performance.now() - started);
      customer.send({ type: 'subscribe', accountId: ACCOUNT, after: person.cursor });
      for (const msgRandom of person.resends) customer.send({ type: 'send', id: msgRandom, accountId: ACCOUNT, msgRandom, body: text(`还有一个问题 ${msgRandom}`) });
      for (const msgRandom of person.resends) {
        const answer = await customer.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.id === msgRandom, `ack of ${msgRandom}`);
        if (answer.type === 'error') errors++;
      }
    }),
  );
  const allAckedMs = performance.now() - started;
  for (const socket of sockets) socket.close();
  readyAt.sort((a, b) => a - b);
  openAt.sort((a, b) => a - b);
  // Where the wait was: before the socket opened (the server had not accepted it) or in the handshake.
  log(`socket open ms: p50 ${openAt[Math.floor(openAt.length / 2)]?.toFixed(0)}, p95 ${openAt[Math.floor(openAt.length * 0.95)]?.toFixed(0)}, max ${openAt.at(-1)?.toFixed(0)}`);
  const at = (q: number) => readyAt[Math.min(readyAt.length - 1, Math.floor(q * readyAt.length))];
  const readyMax = readyAt.at(-1)!;
  return { readyP50: at(0.5), readyP95: at(0.95), readyMax, admittedPerSecond: readyAt.length / (readyMax / 1000), allAckedMs, errors, notAdmitted };
}

async function run(db: DbKind, opts: ReturnType<typeof parseArgs>): Promise<Result> {
  const target: DbTarget = db === 'pglite' ? pgliteTarget('reconnect') : { kind: 'postgres', url: await createPgDatabase(opts.pgUrl) };
  log(`${db}: starting parley serve`);
  const first = await startParley(target);
  const api = new TLSSigAPIv2.Api(first.sdkAppId, first.secretKey);
  const people: Person[] = Array.from({ length: opts.customers }, (_, i) => {
    const userId = `reconnect-${i}`;
    return { userId, userSig: api.genSig(userId, 86_400), cursor: 0, resends: Array.from({ length: opts.resend }, (_, j) => `${userId}-r${j}`) };
  });
  log(`${db}: ${opts.customers} customers open sessions, then the server is killed with resends in flight`);
  await beforeTheCrash(first, people);
  process.kill(first.pid!, 'SIGKILL');
  await first.stop();

  const restartStarted = performance.now();
  const second = await startParley(target);
  const restartMs = performance.now() - restartStarted;
  // startParley created another app on the new server; the customers belong to the first one.
  const parley = { ...second, sdkAppId: first.sdkAppId, secretKey: first.secretKey };
  log(`${db}: restarted in ${restartMs.toFixed(0)} ms; ${opts.customers} customers reconnect at once`);
  const measured = await afterTheCrash(parley, people);
  await second.stop();
  return { db, customers: opts.customers, resend: opts.resend, restartMs, ...measured };
}

function printTable(results: Result[]): void {
  const header = ['db', 'customers', 'resend', 'restart ms', 'ready p50 ms', 'ready p95 ms', 'ready max ms', 'admitted/s', 'all acked ms', 'errors', 'not admitted'];
  const rows = results.map((r) =>
    [r.db, r.customers, r.resend, r.restartMs, r.readyP50, r.readyP95, r.readyMax, r.admittedPerSecond, r.allAckedMs, r.errors, r.notAdmitted].map((v) =>
      typeof v === 'number' ? String(Math.round(v)) : v,
    ),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const results: Result[] = [];
  try {
    for (const db of opts.db) results.push(await run(db, opts));
  } finally {
    await cleanup();
  }
  if (!opts.jsonOnly) printTable(results);
  console.log(JSON.stringify({ bench: 'reconnect', results }));
}

main().catch(async (error) => {
  log(error?.stack ?? String(error));
  await cleanup();
  process.exit(1);
});

/**
 * The baseline for bench/routing.ts: the same assignment rule done the shortest way SQL allows, one
 * decision per transaction — the queue head (priority, then arrival) and the least recently assigned
 * idle agent under capacity, both taken with FOR UPDATE SKIP LOCKED, then two UPDATEs. No events,
 * prompts, timers, locks per conversation or queue announcements: the floor Parley's drain is held to.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../packages/server/src/platform/db.ts';

const BATCH = 1000;

export async function setupBaseline(db: Db, agents: number, capacity: number): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS bench_routing_agents, bench_routing_queue`);
  await db.execute(sql`CREATE TABLE bench_routing_agents (
    member_id text PRIMARY KEY, status text NOT NULL, load int NOT NULL DEFAULT 0, capacity int NOT NULL, last_assigned_at timestamptz)`);
  await db.execute(sql`CREATE INDEX bench_routing_agents_pick ON bench_routing_agents (status, last_assigned_at)`);
  await db.execute(sql`CREATE TABLE bench_routing_queue (
    session_id text PRIMARY KEY, priority int NOT NULL DEFAULT 5, queued_at timestamptz NOT NULL, state text NOT NULL, agent_id text NOT NULL DEFAULT '')`);
  await db.execute(sql`CREATE INDEX bench_routing_queue_order ON bench_routing_queue (priority, queued_at) WHERE state = 'Queueing'`);
  await db.execute(sql`CREATE INDEX bench_routing_queue_agent ON bench_routing_queue (agent_id) WHERE state = 'Agent'`);
  for (let i = 0; i < agents; i += BATCH) {
    await db.execute(sql`INSERT INTO bench_routing_agents (member_id, status, capacity)
      SELECT 'agent' || lpad(g::text, 5, '0'), 'idle', ${capacity}::int FROM generate_series(${i}::int, ${Math.min(i + BATCH, agents) - 1}::int) g`);
  }
}

/** `count` waiting sessions behind whoever waits already, one millisecond apart. */
export async function enqueueBaseline(db: Db, count: number, tag: string): Promise<void> {
  const start = Date.now() - count;
  for (let i = 0; i < count; i += BATCH) {
    await db.execute(sql`INSERT INTO bench_routing_queue (session_id, queued_at, state)
      SELECT ${tag}::text || '-' || g, to_timestamp((${start}::bigint + g) / 1000.0), 'Queueing' FROM generate_series(${i}::int, ${Math.min(i + BATCH, count) - 1}::int) g`);
  }
  await db.execute(sql`ANALYZE bench_routing_queue`);
}

/** One assignment decision in its own transaction; false when nobody waits or nobody has room. */
export async function decideOnce(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [head] = rowsOf<{ session_id: string }>(
      await tx.execute(sql`SELECT session_id FROM bench_routing_queue WHERE state = 'Queueing' ORDER BY priority, queued_at LIMIT 1 FOR UPDATE SKIP LOCKED`),
    );
    if (!head) return false;
    const [agent] = rowsOf<{ member_id: string }>(
      await tx.execute(sql`SELECT member_id FROM bench_routing_agents WHERE status = 'idle' AND load < capacity
        ORDER BY last_assigned_at ASC NULLS FIRST, member_id LIMIT 1 FOR UPDATE SKIP LOCKED`),
    );
    if (!agent) return false;
    await tx.execute(sql`UPDATE bench_routing_agents SET load = load + 1, last_assigned_at = clock_timestamp() WHERE member_id = ${agent.member_id}::text`);
    await tx.execute(sql`UPDATE bench_routing_queue SET state = 'Agent', agent_id = ${agent.member_id} WHERE session_id = ${head.session_id}`);
    return true;
  });
}

/** Ends one served session (frees a seat) in its own transaction; false when none is served. */
export async function endOne(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [served] = rowsOf<{ session_id: string; agent_id: string }>(await tx.execute(sql`SELECT session_id, agent_id FROM bench_routing_queue WHERE state = 'Agent' LIMIT 1 FOR UPDATE SKIP LOCKED`));
    if (!served) return false;
    await tx.execute(sql`UPDATE bench_routing_queue SET state = 'Ended' WHERE session_id = ${served.session_id}`);
    await tx.execute(sql`UPDATE bench_routing_agents SET load = GREATEST(load - 1, 0) WHERE member_id = ${served.agent_id}`);
    return true;
  });
}

/** A new request at the back of the queue. */
export async function arriveOne(db: Db, sessionId: string): Promise<void> {
  await db.execute(sql`INSERT INTO bench_routing_queue (session_id, queued_at, state) VALUES (${sessionId}::text, clock_timestamp(), 'Queueing')`);
}

export async function baselineCounts(db: Db): Promise<{ waiting: number; served: number }> {
  const [row] = rowsOf<{ waiting: number; served: number }>(
    await db.execute(sql`SELECT count(*) FILTER (WHERE state = 'Queueing')::int AS waiting, count(*) FILTER (WHERE state = 'Agent')::int AS served FROM bench_routing_queue`),
  );
  return row;
}

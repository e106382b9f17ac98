import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { events, eventStreams } from './schema.ts';

export const EVENTS_CHANNEL = 'events.appended';

export interface StoredEvent {
  id: number;
  appId: number;
  streamId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * The bus hint published after commit. It carries the event itself, so a reader that is exactly one
 * behind applies it without a query; any other reader fetches what it lacks from the table.
 */
export interface AppendedHint {
  appId: number;
  streamId: string;
  seq: number;
  id: number;
  event?: Omit<StoredEvent, 'at'> & { at: string | Date };
}

/** Events larger than this travel as plain hints; readers fetch them. */
const INLINE_EVENT_BYTES = 16 * 1024;

/** The event a hint carries, with its time revived (buses carry JSON). */
export function eventOf(hint: AppendedHint): StoredEvent | undefined {
  return hint.event && { ...hint.event, at: new Date(hint.event.at) };
}

/** Events appended in one transaction, announced once it has committed. */
export class EventBatch {
  readonly appended: StoredEvent[] = [];
}

/**
 * Appends and reads the event log. Appends take the stream's counter row lock, so sequence numbers
 * are gapless and ordered by commit; a rolled-back transaction leaves no trace.
 */
export class EventLog {
  constructor(
    private db: Db,
    private bus: Bus,
    private clock: Clock,
  ) {}

  async append(tx: DbOrTx, batch: EventBatch, appId: number, streamId: string, type: string, payload: Record<string, unknown>): Promise<StoredEvent> {
    const [{ seq }] = await tx
      .insert(eventStreams)
      .values({ appId, streamId, lastSeq: 1 })
      .onConflictDoUpdate({ target: [eventStreams.appId, eventStreams.streamId], set: { lastSeq: sql`${eventStreams.lastSeq} + 1` } })
      .returning({ seq: eventStreams.lastSeq });
    const [row] = await tx.insert(events).values({ appId, streamId, seq, type, payload, at: this.clock.now() }).returning();
    batch.appended.push(row);
    return row;
  }

  /** Runs `work` in a transaction and announces the events it appended after commit. */
  async transaction<T>(work: (tx: DbOrTx, batch: EventBatch) => Promise<T>): Promise<T> {
    const batch = new EventBatch();
    const result = await this.db.transaction((tx) => work(tx, batch));
    await this.announce(batch);
    return result;
  }

  async announce(batch: EventBatch): Promise<void> {
    for (const e of batch.appended) {
      const hint: AppendedHint = { appId: e.appId, streamId: e.streamId, seq: e.seq, id: e.id };
      if (JSON.stringify(e.payload).length <= INLINE_EVENT_BYTES) hint.event = e;
      await this.bus.publish(EVENTS_CHANNEL, hint);
    }
  }

  /** Events of a stream after `afterSeq`, oldest first. */
  async read(appId: number, streamId: string, afterSeq: number, limit = 500): Promise<StoredEvent[]> {
    return this.db
      .select()
      .from(events)
      .where(and(eq(events.appId, appId), eq(events.streamId, streamId), gt(events.seq, afterSeq)))
      .orderBy(asc(events.seq))
      .limit(limit);
  }

  /** Events of an app after a global id, oldest first (webhook delivery follows this). */
  async readApp(appId: number, afterId: number, limit = 500): Promise<StoredEvent[]> {
    return this.db
      .select()
      .from(events)
      .where(and(eq(events.appId, appId), gt(events.id, afterId)))
      .orderBy(asc(events.id))
      .limit(limit);
  }

  async lastSeq(appId: number, streamId: string): Promise<number> {
    const [row] = await this.db
      .select({ seq: eventStreams.lastSeq })
      .from(eventStreams)
      .where(and(eq(eventStreams.appId, appId), eq(eventStreams.streamId, streamId)));
    return row?.seq ?? 0;
  }
}

import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { EventLog } from './event-log.ts';
import { JobQueue } from './job-queue.ts';
import { StreamFollower } from './stream-follower.ts';
import { StreamHub } from './stream-hub.ts';

export type { StoredEvent, AppendedHint } from './event-log.ts';
export { EventBatch, EVENTS_CHANNEL } from './event-log.ts';
export type { Job, JobSpec } from './job-queue.ts';
export { StreamFollower } from './stream-follower.ts';
export type { Signal } from './stream-hub.ts';

/** The event log and the jobs table: the spine other features write to and read from. */
export function createEvents(db: Db, bus: Bus, clock: Clock) {
  const log = new EventLog(db, bus, clock);
  const hub = new StreamHub(bus);
  return {
    log,
    hub,
    jobs: new JobQueue(db, clock),
    follow: (appId: number, streamId: string, afterSeq: number, deliver: ConstructorParameters<typeof StreamFollower>[5], pollMs?: number) =>
      new StreamFollower(log, hub, appId, streamId, afterSeq, deliver, pollMs),
  };
}

export type Events = ReturnType<typeof createEvents>;

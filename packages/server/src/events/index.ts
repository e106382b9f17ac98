import type { Bus } from '../platform/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { silentLogger, type Logger } from '../platform/logger.ts';
import { EventLog } from './event-log.ts';
import { JobQueue } from './job-queue.ts';
import { LogConsumer, type LogConsumerOptions } from './log-consumer.ts';
import { StreamFollower } from './stream-follower.ts';
import { StreamHub } from './stream-hub.ts';

export type { StoredEvent, AppendedHint } from './event-log.ts';
export { EventBatch, EVENTS_CHANNEL } from './event-log.ts';
export type { Job, JobSpec, JobHandlerOptions } from './job-queue.ts';
export { LogConsumer, logHead } from './log-consumer.ts';
export type { ConsumerContext, ConsumerHandler, ConsumerLag, LogConsumerOptions } from './log-consumer.ts';
export { StreamFollower } from './stream-follower.ts';
export type { Signal } from './stream-hub.ts';

/** The event log and the jobs table: the spine other features write to and read from. */
export function createEvents(db: Db, bus: Bus, clock: Clock, logger: Logger = silentLogger) {
  const log = new EventLog(db, bus, clock);
  const hub = new StreamHub(bus);
  /** Every log consumer of this process by name (metrics report their lag). */
  const consumers = new Map<string, LogConsumer>();
  return {
    log,
    hub,
    jobs: new JobQueue(db, clock, logger.child({ feature: 'jobs' })),
    consumers,
    /** A consumer reading every app's log after its own cursor (see LogConsumer); `start()` it to run. */
    consumer(options: LogConsumerOptions, featureLogger = logger.child({ feature: 'log-consumer' })): LogConsumer {
      if (consumers.has(options.name)) throw new Error(`A log consumer named ${options.name} already exists`);
      const consumer = new LogConsumer(db, bus, clock, options, featureLogger.child({ consumer: options.name }));
      consumers.set(options.name, consumer);
      return consumer;
    },
    follow: (appId: number, streamId: string, afterSeq: number, deliver: ConstructorParameters<typeof StreamFollower>[5], pollMs?: number) =>
      new StreamFollower(log, hub, appId, streamId, afterSeq, deliver, pollMs),
  };
}

export type Events = ReturnType<typeof createEvents>;
export { lockStream, tryLockStream } from './stream-locks.ts';
export { firstSeqOfSession, sessionIdsOfEvents } from './event-queries.ts';

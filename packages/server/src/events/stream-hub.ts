import type { Bus } from '../platform/bus.ts';
import { EVENTS_CHANNEL, type AppendedHint } from './event-log.ts';

/** Online-only signals (the typing indicator): published on the bus, never stored or replayed. */
export const SIGNALS_CHANNEL = 'events.signal';

export interface Signal {
  appId: number;
  streamId: string;
  payload: Record<string, unknown>;
}

type Listener<T> = (message: T) => void;

/**
 * One bus subscription per process, routed by stream. Thousands of open chats each watch their own
 * stream; without the hub every append would wake every one of them.
 */
export class StreamHub {
  private hints = new Map<string, Set<Listener<AppendedHint>>>();
  private signals = new Map<string, Set<Listener<Signal>>>();
  private ready?: Promise<void>;
  private unsubscribe: Array<() => void> = [];

  constructor(private bus: Bus) {}

  async watch(appId: number, streamId: string, onHint: Listener<AppendedHint>, onSignal?: Listener<Signal>): Promise<() => void> {
    await this.start();
    const key = keyOf(appId, streamId);
    const removeHint = add(this.hints, key, onHint);
    const removeSignal = onSignal ? add(this.signals, key, onSignal) : () => {};
    return () => {
      removeHint();
      removeSignal();
    };
  }

  publishSignal(signal: Signal): Promise<void> {
    return this.bus.publish(SIGNALS_CHANNEL, signal);
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.ready = undefined;
  }

  private start(): Promise<void> {
    this.ready ??= (async () => {
      this.unsubscribe.push(await this.bus.subscribe(EVENTS_CHANNEL, (hint: AppendedHint) => emit(this.hints, keyOf(hint.appId, hint.streamId), hint)));
      this.unsubscribe.push(await this.bus.subscribe(SIGNALS_CHANNEL, (signal: Signal) => emit(this.signals, keyOf(signal.appId, signal.streamId), signal)));
    })();
    return this.ready;
  }
}

const keyOf = (appId: number, streamId: string) => `${appId}\u0000${streamId}`;

function add<T>(map: Map<string, Set<Listener<T>>>, key: string, listener: Listener<T>): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  };
}

function emit<T>(map: Map<string, Set<Listener<T>>>, key: string, message: T): void {
  for (const listener of map.get(key) ?? []) listener(message);
}

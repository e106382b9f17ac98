import { logFailure } from '../platform/logger.ts';

/** Where a batched stream is written: send_stream_msg's two steps (ConversationService.robotStream). */
export interface StreamSink {
  /** Opens the src 31 message with its first text; undefined when the message may not be opened (the turn is over). */
  start(text: string, finish: boolean): Promise<string | undefined>;
  append(msgKey: string, text: string, finish: boolean): Promise<void>;
}

/** setTimeout and clearTimeout, injected so tests drive time by hand. */
export interface BatchTimer {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimer: BatchTimer = { set: (fire, ms) => setTimeout(fire, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };

export interface BatchOptions {
  /** Text waits at most this long before it is written (default 250 ms). */
  flushMs?: number;
  /** This much new text (UTF-8 bytes) is written at once, without waiting (default 1 KB). */
  flushBytes?: number;
  timer?: BatchTimer;
}

export interface BatchResult {
  /** The src 31 message, unless nothing was written. */
  msgKey?: string;
  /** Everything the producer gave, in order. */
  text: string;
  /** Writes made (each is one transaction). */
  writes: number;
}

/**
 * Turns a stream of small pieces (an LLM's tokens) into few writes: the first piece opens the src 31
 * message at once (the customer sees the answer begin), later pieces wait until 250 ms have passed or
 * 1 KB has gathered, and the end finishes the message. Writes run one at a time, each taking all the
 * text gathered by then, so a slow database only makes the writes larger, never more numerous.
 */
export class StreamBatcher {
  private readonly flushMs: number;
  private readonly flushBytes: number;
  private readonly timer: BatchTimer;

  constructor(
    private sink: StreamSink,
    options: BatchOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.flushBytes = options.flushBytes ?? 1024;
    this.timer = options.timer ?? systemTimer;
  }

  async pipe(chunks: AsyncIterable<string>): Promise<BatchResult> {
    const run = new BatchRun(this.sink, this.timer, this.flushMs, this.flushBytes);
    try {
      for await (const chunk of chunks) {
        if (run.stopped) break;
        if (chunk) run.add(chunk);
      }
    } catch (error) {
      // The producer failed (an LLM dropped): finish what the customer already sees, then report.
      await run.finish().catch(logFailure('bot', 'finishing a stream after its producer failed'));
      throw error;
    }
    return run.finish();
  }
}

/** One stream being written: the text not yet written, the timer waiting for it, the write in progress. */
class BatchRun {
  msgKey?: string;
  text = '';
  writes = 0;
  stopped = false;
  private opened = false;
  private pending = '';
  private pendingBytes = 0;
  private waiting?: unknown;
  private writing: Promise<void> = Promise.resolve();
  private failure?: { error: unknown };

  constructor(
    private sink: StreamSink,
    private timer: BatchTimer,
    private flushMs: number,
    private flushBytes: number,
  ) {}

  add(chunk: string): void {
    this.text += chunk;
    this.pending += chunk;
    this.pendingBytes += Buffer.byteLength(chunk);
    if (!this.opened || this.pendingBytes >= this.flushBytes) {
      this.opened = true;
      this.flush(false);
    } else {
      this.waiting ??= this.timer.set(() => this.flush(false), this.flushMs);
    }
  }

  async finish(): Promise<BatchResult> {
    if (!this.stopped) this.flush(true);
    await this.writing;
    if (this.failure) throw this.failure.error;
    return { msgKey: this.msgKey, text: this.text, writes: this.writes };
  }

  /** Queues a write; it takes whatever text has gathered when its turn comes. */
  private flush(finish: boolean): void {
    if (this.waiting !== undefined) this.timer.clear(this.waiting);
    this.waiting = undefined;
    this.writing = this.writing
      .then(() => this.write(finish))
      .catch((error) => {
        this.failure ??= { error };
        this.stopped = true;
      });
  }

  private async write(finish: boolean): Promise<void> {
    if (this.stopped) return;
    const text = this.pending;
    // Nothing new, and nothing to finish (a message never opened needs no finishing).
    if (!text && (!finish || !this.msgKey)) return;
    this.pending = '';
    this.pendingBytes = 0;
    this.writes++;
    if (this.msgKey) {
      await this.sink.append(this.msgKey, text, finish);
      return;
    }
    this.msgKey = await this.sink.start(text, finish);
    if (!this.msgKey) this.stopped = true;
  }
}

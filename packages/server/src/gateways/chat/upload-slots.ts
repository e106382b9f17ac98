import { AppError } from '../../platform/errors.ts';

const RATE_LIMITED = 141009;

export const UPLOAD_LIMITS = {
  /** Uploads one person may have in progress at once. */
  perUploader: 2,
  /** Uploads one process receives at once, everyone together. */
  perProcess: 32,
} as const;

/**
 * Counts the uploads in progress, so that one visitor cannot keep the disk and the process busy
 * with parallel 20 MB bodies while everyone else waits. A slot is taken before the body is read.
 */
export class UploadSlots {
  private byUploader = new Map<string, number>();
  private total = 0;

  constructor(private limits: { perUploader: number; perProcess: number } = UPLOAD_LIMITS) {}

  /** Takes a slot for `uploader` and returns its release (safe to call twice); throws 429 or 503 when none is free. */
  acquire(uploader: string): () => void {
    const mine = this.byUploader.get(uploader) ?? 0;
    if (mine >= this.limits.perUploader) {
      throw new AppError(RATE_LIMITED, `At most ${this.limits.perUploader} uploads at a time; wait for one to finish`, 429);
    }
    if (this.total >= this.limits.perProcess) throw new AppError(RATE_LIMITED, 'The server is receiving too many uploads; retry in a moment', 503);
    this.byUploader.set(uploader, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byUploader.get(uploader) ?? 1) - 1;
      if (left > 0) this.byUploader.set(uploader, left);
      else this.byUploader.delete(uploader);
    };
  }

  inProgress(uploader?: string): number {
    return uploader === undefined ? this.total : (this.byUploader.get(uploader) ?? 0);
  }
}

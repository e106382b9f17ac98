import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database may be opened by one process only. The server records itself in
 * `parley.lock` so the CLI can send its work through the running server instead.
 */
export interface LockInfo {
  pid: number;
  url?: string;
  controlToken?: string;
}

const lockPath = (dataDir: string) => path.join(dataDir, 'parley.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the data directory, if any. Stale locks of dead processes are ignored. */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export class DataDirLockedError extends Error {
  constructor(
    public readonly holder: LockInfo,
    dataDir: string,
  ) {
    super(`The data directory ${dataDir} is in use by process ${holder.pid}${holder.url ? ` (serving ${holder.url})` : ''}.`);
  }
}

/** Takes the lock or throws DataDirLockedError. Returns a function that updates and one that releases it. */
export function acquireLock(dataDir: string, info: Omit<LockInfo, 'pid'> = {}) {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const write = (extra: Omit<LockInfo, 'pid'>) => fs.writeFileSync(file, JSON.stringify({ pid: process.pid, ...extra }), { mode: 0o600 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, ...info }), { flag: 'wx', mode: 0o600 });
      return {
        update: write,
        release: () => {
          try {
            const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (current.pid === process.pid) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(dataDir);
      if (holder) throw new DataDirLockedError(holder, dataDir);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

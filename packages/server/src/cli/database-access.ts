import { AppService } from '../apps/index.ts';
import { MemoryBus } from '../platform/bus.ts';
import { systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { acquireLock, DataDirLockedError, readLock } from '../platform/data-dir-lock.ts';
import { openDatabase } from '../platform/db.ts';
import { createServices, type Services } from '../services.ts';

// One-off CLI commands either open the database themselves or, while `parley serve` holds the
// embedded one, send their work through that server's loopback control endpoint.

/** Opens the database for a one-off CLI command, refusing if a server holds the embedded one. */
export async function withDirectDatabase<T>(config: Config, work: (apps: AppService, services: Services) => Promise<T>): Promise<T> {
  const lock = config.databaseUrl ? undefined : acquireLock(config.dataDir);
  try {
    const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
    try {
      const services = createServices({ db: database.db, bus: new MemoryBus(), clock: systemClock, config });
      return await work(services.apps, services);
    } finally {
      await database.close();
    }
  } finally {
    lock?.release();
  }
}

/** While `parley serve` holds the embedded database, CLI work goes through it. */
export async function viaServer<T>(config: Config, path: string, init: RequestInit): Promise<T | undefined> {
  if (config.databaseUrl) return undefined;
  const holder = readLock(config.dataDir);
  if (!holder) return undefined;
  if (!holder.url || !holder.controlToken) {
    throw new DataDirLockedError(holder, config.dataDir);
  }
  const response = await fetch(holder.url + path, { ...init, headers: { 'content-type': 'application/json', 'x-parley-control': holder.controlToken } });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `server answered ${response.status}`);
  return body;
}

import path from 'node:path';

/** Every environment variable Parley reads, parsed once. The README's configuration table mirrors this. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** A directory for uploaded files' bytes, shared by every process; unset: `<dataDir>/files` with the embedded database, the database itself with DATABASE_URL. */
  filesDir?: string;
  redisUrl?: string;
  /** Calls per second per app per command for REST commands the spec rate-limits; 0 disables. */
  restRateLimit: number;
  logLevel: string;
  publicUrl?: string;
  /** How often each process looks for due jobs (timers); 0 runs none (tests drive the queue by hand). */
  jobPollMs: number;
  /** Let outgoing HTTP (callbacks) reach loopback and private addresses; off, only public ones are called. */
  allowPrivateOutbound: boolean;
  /** Believe X-Forwarded-For (client IPs for rate limits and callbacks) only behind a proxy you run. */
  trustProxy: boolean;
  /** SMTP server for member mails (`smtp://user:pass@host:587`, `smtps://…`); unset, passwords are shown to the inviting admin instead. */
  smtpUrl?: string;
  /** Sender of member mails. */
  smtpFrom: string;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int('PORT', 8080, env),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.PARLEY_DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    filesDir: env.PARLEY_FILES_DIR ? path.resolve(env.PARLEY_FILES_DIR) : undefined,
    redisUrl: env.REDIS_URL || undefined,
    restRateLimit: int('REST_RATE_LIMIT', 5, env),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl: env.PUBLIC_URL || undefined,
    jobPollMs: int('JOB_POLL_MS', 500, env),
    allowPrivateOutbound: env.ALLOW_PRIVATE_OUTBOUND === '1' || env.ALLOW_PRIVATE_OUTBOUND === 'true',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || 'Parley <no-reply@localhost>',
  };
}

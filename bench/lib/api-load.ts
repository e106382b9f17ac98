/**
 * Closed-loop HTTP load generator for bench/api.ts: C workers over a keep-alive undici Pool,
 * each sending its next request as soon as the previous response body has been read.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { percentile } from '../../packages/server/src/platform/percentile.ts';

export interface RequestSpec {
  path: string;
  body: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  meanBytes: number;
}

/**
 * Runs `warmupSeconds` of load (discarded), then `seconds` of measured load, on a fresh pool
 * of `connections` keep-alive connections. `next()` builds each request; `check(text)` says
 * whether a response body counts as a success.
 */
export async function runLoad(options: {
  origin: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  next: () => RequestSpec;
  check: (text: string) => boolean;
}): Promise<LoadResult> {
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
  });
  const headers = { 'content-type': 'application/json' };
  try {
    const phase = async (seconds: number, record: boolean) => {
      let latencies = new Float64Array(1 << 16);
      let count = 0;
      let errors = 0;
      let bytes = 0;
      let firstError: string | undefined;
      const start = performance.now();
      const end = start + seconds * 1000;
      const worker = async () => {
        while (performance.now() < end) {
          const spec = options.next();
          const t0 = performance.now();
          let ok = false;
          let text = '';
          try {
            const response = await pool.request({ path: spec.path, method: 'POST', headers, body: spec.body });
            text = await response.body.text();
            ok = response.statusCode === 200 && options.check(text);
            if (!ok && !firstError) firstError = `HTTP ${response.statusCode}: ${text.slice(0, 300)}`;
          } catch (error) {
            if (!firstError) firstError = String(error);
          }
          const elapsed = performance.now() - t0;
          if (!record) continue;
          if (!ok) {
            errors++;
            continue;
          }
          if (count === latencies.length) {
            const grown = new Float64Array(latencies.length * 2);
            grown.set(latencies);
            latencies = grown;
          }
          latencies[count++] = elapsed;
          bytes += Buffer.byteLength(text);
        }
      };
      await Promise.all(Array.from({ length: options.connections }, worker));
      const elapsedSeconds = (performance.now() - start) / 1000;
      const sorted = latencies.slice(0, count).sort();
      return {
        requests: count,
        errors,
        firstError,
        seconds: elapsedSeconds,
        rps: count / elapsedSeconds,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: count ? sorted[count - 1] : NaN,
        meanBytes: count ? bytes / count : 0,
      };
    };
    if (options.warmupSeconds > 0) await phase(options.warmupSeconds, false);
    return await phase(options.seconds, true);
  } finally {
    await pool.close();
  }
}

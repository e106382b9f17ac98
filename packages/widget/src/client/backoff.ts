/**
 * Exponential backoff with jitter: attempt n waits between half and all of min(max, base·2ⁿ), so
 * many clients that lost the server at once do not come back at the same instant.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling * (0.5 + random() / 2));
}

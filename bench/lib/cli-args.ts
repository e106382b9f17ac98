/** A numeric flag value, refused with the flag's name when it is not a number of at least `min`. */
export function numberArg(name: string, raw: string | undefined, min: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return n;
}

/** Walks `--flag value` and `--flag=value` pairs; `value()` consumes the next argument when needed. */
export function* flagsOf(argv: string[]): Generator<{ flag: string; value: () => string }> {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    yield { flag, value: () => inline ?? argv[++i] };
  }
}

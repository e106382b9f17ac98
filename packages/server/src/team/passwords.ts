import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Member passwords: scrypt with a per-password salt, stored as `scrypt$N$r$p$salt$hash` (base64),
// so the cost can be raised later without invalidating existing hashes.

const COST = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 64;
const SALT_BYTES = 16;
/** Upper bounds for parameters read back from storage, so a corrupt row cannot exhaust memory. */
const MAX_N = 1 << 20;
const MAX_RP = 16;

function derive(password: string, salt: Buffer, cost: typeof COST, length: number): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored value never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

function parseHash(stored: string): { cost: typeof COST; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isInteger(cost.N) && cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  const small = (v: number) => Number.isInteger(v) && v >= 1 && v <= MAX_RP;
  if (scheme !== 'scrypt' || !powerOfTwo || cost.N > MAX_N || !small(cost.r) || !small(cost.p) || !salt || !key) return undefined;
  const keyBytes = Buffer.from(key, 'base64');
  if (keyBytes.length < 16) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64'), key: keyBytes };
}

/** A hash nobody's password matches: verified against when an email is unknown, so both cases take as long. */
export const UNUSABLE_HASH = `scrypt$${COST.N}$${COST.r}$${COST.p}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALPHABET = LOWER + UPPER + DIGITS;

/** 16 letters and digits (about 95 bits), with at least one of each kind so password rules elsewhere accept it. */
export function randomPassword(length = 16): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    if ([LOWER, UPPER, DIGITS].every((set) => [...out].some((c) => set.includes(c)))) return out;
  }
}

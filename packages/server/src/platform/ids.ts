import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

export function randomString(length: number, alphabet = ALPHANUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

export function randomLower(length: number): string {
  return randomString(length, LOWER);
}

export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** SDKAppIDs look like Tencent's: ten digits starting with 1 and fit in a signed 32-bit int's neighbourhood. */
export function newSdkAppId(): number {
  return 1_600_000_000 + randomInt(0, 99_999_999);
}

export function newSecretKey(): string {
  return randomBytes(32).toString('hex');
}

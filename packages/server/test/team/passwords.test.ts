import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, UNUSABLE_HASH, verifyPassword } from '../../src/team/passwords.ts';

describe('member passwords', () => {
  it('stores scrypt with its parameters and a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    const [scheme, n, r, p, salt, key] = first.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
    expect(second).not.toBe(first);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horse', second)).toBe(true);
    expect(await verifyPassword('correct horse!', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('never verifies against a malformed or hostile stored value', async () => {
    const good = await hashPassword('pw');
    const parts = good.split('$');
    const replaced = (index: number, value: string) => parts.map((part, i) => (i === index ? value : part)).join('$');
    const variants = [
      '',
      'plain-text',
      replaced(0, 'bcrypt'),
      replaced(1, '1000'), // not a power of two
      replaced(1, String(1 << 24)), // would need gigabytes
      replaced(2, '0'),
      replaced(5, ''),
      parts.slice(0, 5).join('$'),
    ];
    for (const stored of variants) expect(await verifyPassword('pw', stored), stored).toBe(false);
    expect(await verifyPassword('pw', UNUSABLE_HASH)).toBe(false);
  });

  it('makes 16-character passwords of letters and digits, with each kind present, all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = randomPassword();
      expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});

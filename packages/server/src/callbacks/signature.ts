import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Parley-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. Signing the timestamp
 * with the body lets receivers refuse replays of old requests.
 */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's side of the recipe (the README shows the same steps). */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

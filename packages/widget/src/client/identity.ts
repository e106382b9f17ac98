// The visitor identity of one customer-service account's chat (README "Customer chat"): obtained
// from the account's public key, kept in localStorage, and renewed on every start by sending the
// stored userId/userSig back, so a returning visitor keeps their conversation.
import { readJson, writeJson, type KeyValueStore } from './storage.ts';

export interface VisitorIdentity {
  sdkAppId: number;
  accountId: string;
  accountNick: string;
  accountAvatarUrl: string;
  userId: string;
  userSig: string;
  /** Unix seconds. */
  expiresAt: number;
}

export class IdentityError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const identityKey = (publicKey: string) => `parley:identity:${publicKey}`;

export function storedIdentity(store: KeyValueStore, publicKey: string, nowSeconds = Date.now() / 1000): VisitorIdentity | undefined {
  const saved = readJson<VisitorIdentity>(store, identityKey(publicKey));
  return saved && saved.userId && saved.userSig && saved.expiresAt > nowSeconds ? saved : undefined;
}

/** POST /chat/v1/visitor: a new visitor, or the same one renewed when the stored identity is sent back. */
export async function fetchIdentity(fetchFn: typeof fetch, origin: string, store: KeyValueStore, publicKey: string): Promise<VisitorIdentity> {
  const previous = readJson<VisitorIdentity>(store, identityKey(publicKey));
  const response = await fetchFn(`${origin}/chat/v1/visitor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKey, ...(previous ? { userId: previous.userId, userSig: previous.userSig } : {}) }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<VisitorIdentity> & { error?: { message?: string } };
  if (!response.ok || !body.userId) throw new IdentityError(response.status, body.error?.message ?? `HTTP ${response.status}`);
  const identity = body as VisitorIdentity;
  writeJson(store, identityKey(publicKey), identity);
  return identity;
}

// Small JSON persistence over localStorage. Storage can be missing or throw (private mode, blocked
// third-party storage in an iframe, quota): the chat still works, it just forgets on reload.

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** window.localStorage when it is usable, else a map that lives as long as the page. */
export function browserStore(): KeyValueStore {
  try {
    const storage = window.localStorage;
    const probe = '__parley_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // Quota exceeded: keep running on what is in memory.
        }
      },
      remove: (key) => storage.removeItem(key),
    };
  } catch {
    return memoryStore();
  }
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return { get: (key) => map.get(key) ?? null, set: (key, value) => void map.set(key, value), remove: (key) => void map.delete(key) };
}

export function readJson<T>(store: KeyValueStore, key: string): T | undefined {
  const raw = store.get(key);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export const writeJson = (store: KeyValueStore, key: string, value: unknown) => store.set(key, JSON.stringify(value));

/** PostgreSQL text cannot hold U+0000, so such strings are refused up front (iteratively: bodies may nest deeply). */
export function containsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

export const NUL_MESSAGE = 'Strings in the request body must not contain NUL (\\u0000) characters';

/** Keys that would reach an object's prototype if copied by assignment. */
export const isPrototypeKey = (key: string) => key === '__proto__' || key === 'constructor' || key === 'prototype';

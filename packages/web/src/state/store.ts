// A minimal observable store: the workbench's shared state lives in a few of these (auth, status,
// session lists, conversations), written by the API and socket code and read by components.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Store<T> {
  get(): T;
  set(next: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: (state: T) => void): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<(state: T) => void>();
  return {
    get: () => state,
    set(next) {
      const patch = typeof next === 'function' ? next(state) : next;
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The selected part of a store; the component re-renders only when that part changes (Object.is). */
export function useStore<T extends object, S>(store: Store<T>, select: (state: T) => S): S {
  const [value, setValue] = useState(() => select(store.get()));
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    const update = (state: T) =>
      setValue((previous) => {
        const next = selectRef.current(state);
        return Object.is(previous, next) ? previous : next;
      });
    update(store.get()); // changes between render and subscription
    return store.subscribe(update);
  }, [store]);
  // A selector that depends on props (e.g. a session id) must see the latest state at once.
  const fresh = select(store.get());
  return Object.is(fresh, value) ? value : fresh;
}

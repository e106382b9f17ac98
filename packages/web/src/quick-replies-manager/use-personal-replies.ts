// Loading the agent's personal categories and one page of a category's replies, again whenever
// `version` changes (after every change made in the manager).
import { useEffect, useState } from 'preact/hooks';
import { personalApi, type PersonalCategory, type ReplyPage } from './personal-api';

const SEARCH_DELAY_MS = 200;

interface Loaded<T> {
  data?: T;
  loading: boolean;
  error?: unknown;
}

/** Runs `load` when `deps` change (after `delayMs`), keeping the last data while the next loads. */
function useLoaded<T>(load: () => Promise<T>, deps: unknown[], delayMs = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    let cancelled = false;
    const run = () => {
      setState((previous) => ({ ...previous, loading: true }));
      load().then(
        (data) => !cancelled && setState({ data, loading: false }),
        (error: unknown) => !cancelled && setState((previous) => ({ data: previous.data, loading: false, error })),
      );
    };
    const timer = delayMs ? setTimeout(run, delayMs) : undefined;
    if (!delayMs) run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, deps);
  return state;
}

export function usePersonalCategories(version: number): Loaded<PersonalCategory[]> {
  return useLoaded(() => personalApi.categories(), [version]);
}

export function useReplyPage(categoryId: number, q: string, page: number, pageSize: number, version: number): Loaded<ReplyPage> {
  const term = q.trim();
  // Typing waits for a pause; paging and reloads go at once.
  return useLoaded(() => personalApi.replies({ categoryId, q: term || undefined, page, pageSize }), [categoryId, term, page, pageSize, version], term ? SEARCH_DELAY_MS : 0);
}

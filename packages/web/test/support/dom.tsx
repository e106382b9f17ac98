// Mounting Preact components in jsdom for the workbench's component tests.
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

export interface Mounted {
  container: HTMLElement;
  /** The element with this data-testid (throws when missing). */
  get(testId: string): HTMLElement;
  all(testId: string): HTMLElement[];
  unmount(): void;
}

export function mount(ui: ComponentChild): Mounted {
  const container = document.createElement('div');
  document.body.append(container);
  act(() => render(ui, container));
  return {
    container,
    get(testId) {
      const found = container.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      if (!found) throw new Error(`no [data-testid="${testId}"] in:\n${container.innerHTML.slice(0, 2000)}`);
      return found;
    },
    all: (testId) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)],
    unmount() {
      act(() => render(null, container));
      container.remove();
    },
  };
}

export const click = (element: Element) => act(() => void (element as HTMLElement).click());

/** Types into an input or textarea as a user would (value, then an input event). */
export function type(element: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  act(() => {
    element.value = value;
    try {
      element.setSelectionRange?.(value.length, value.length);
    } catch {
      // email and number inputs have no selection
    }
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function key(element: Element, name: string, init: KeyboardEventInit = {}): void {
  act(() => void element.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init })));
}

/** Lets pending promises (fetch stubs) settle and Preact re-render. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await act(async () => await Promise.resolve());
}

/** A fetch stub answering JSON by path; unknown paths answer 404. */
export function fakeFetch(routes: Record<string, (url: URL, init: RequestInit) => unknown>) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const fetch = async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://parley.test');
    const method = init.method ?? 'GET';
    calls.push({ method, path: url.pathname + url.search, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return new Response(JSON.stringify({ error: { code: 404, message: `no route ${method} ${url.pathname}` } }), { status: 404 });
    const result = route(url, init);
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

// Short notices in the corner: errors from the server (with their text) and confirmations.
import { useT } from '../i18n';
import { createStore, useStore } from '../state/store';
import { errorText } from './errors';
import { Icon } from './Icon';

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  /** Already translated, or a translation key with `params` (translated when shown, so a language switch applies). */
  text?: string;
  key?: string;
  params?: Record<string, string | number>;
  error?: unknown;
}

const TOAST_MS = { error: 8000, info: 4000, success: 2500 };
/** More at once is noise: the oldest make room. */
const MAX_SHOWN = 3;
const toastStore = createStore<{ toasts: Toast[] }>({ toasts: [] });
let nextId = 1;

function push(toast: Omit<Toast, 'id'>): number {
  const id = nextId++;
  toastStore.set((s) => ({ toasts: [...s.toasts.slice(-(MAX_SHOWN - 1)), { ...toast, id }] }));
  setTimeout(() => dismiss(id), TOAST_MS[toast.kind]);
  return id;
}

export function dismiss(id: number): void {
  toastStore.set((s) => ({ toasts: s.toasts.filter((toast) => toast.id !== id) }));
}

export const toast = {
  error: (error: unknown) => push({ kind: 'error', error }),
  info: (key: string, params?: Record<string, string | number>) => push({ kind: 'info', key, params }),
  success: (key: string, params?: Record<string, string | number>) => push({ kind: 'success', key, params }),
};

export function Toasts() {
  const t = useT();
  const toasts = useStore(toastStore, (s) => s.toasts);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((item) => (
        <div key={item.id} class={`toast toast-${item.kind}`} data-testid="toast" role={item.kind === 'error' ? 'alert' : undefined}>
          <Icon name={item.kind === 'error' ? 'alert' : item.kind === 'info' ? 'bell' : 'check'} />
          <span class="toast-text">{item.error !== undefined ? errorText(item.error, t) : item.key ? t(item.key, item.params) : item.text}</span>
          <button type="button" class="icon-button small" aria-label={t('common.dismiss')} onClick={() => dismiss(item.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}

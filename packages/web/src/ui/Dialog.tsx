// A modal dialog: traps focus, closes on Esc and on the backdrop, gives focus back when it closes.
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n';
import { Icon } from './Icon';

/** Open dialogs, innermost last: Esc and Tab belong to the top one. */
const openDialogs: RefObject<HTMLDivElement>[] = [];

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  testId?: string;
  /** Wider dialogs (transfer) ask for it. */
  size?: 'small' | 'medium' | 'large';
}

export function Dialog({ title, onClose, children, footer, testId, size = 'medium' }: DialogProps) {
  const t = useT();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const first = panel.current?.querySelector<HTMLElement>('[data-autofocus]') ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel.current)?.focus();
    openDialogs.push(panel);
    // On the document: a disabled button (while working) drops focus to <body>, and Esc must still close.
    const onKeyDown = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== panel || !panel.current) return; // only the topmost dialog
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        closeRef.current();
      } else if (event.key === 'Tab') trapTab(event, panel.current);
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      openDialogs.splice(openDialogs.indexOf(panel), 1);
      opener?.focus?.();
    };
  }, []);

  const titleId = `dialog-title-${testId ?? 'x'}`;
  return (
    <div class="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={panel} class={`dialog dialog-${size}`} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId} tabIndex={-1}>
        <header class="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" class="icon-button" aria-label={t('common.close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <div class="dialog-body">{children}</div>
        {footer ? <footer class="dialog-footer">{footer}</footer> : null}
      </div>
    </div>
  );
}

export interface DialogButtonsProps {
  /** The main button's text; while `busy` it reads "Working…". */
  label: string;
  onCancel(): void;
  /** Either a click handler, or the id of the form the main button submits. */
  onConfirm?(): void;
  form?: string;
  busy?: boolean;
  disabled?: boolean;
  /** Red main button, for what cannot be undone. */
  danger?: boolean;
  /** Focus the main button when the dialog opens (when there is no field to fill). */
  autofocus?: boolean;
  testId: string;
}

/** A dialog's footer: Cancel, then the main button. */
export function DialogButtons({ label, onCancel, onConfirm, form, busy, disabled, danger, autofocus, testId }: DialogButtonsProps) {
  const t = useT();
  return (
    <>
      <button type="button" class="button ghost" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button
        type={form ? 'submit' : 'button'}
        form={form}
        data-autofocus={autofocus || undefined}
        class={`button ${danger ? 'danger' : 'primary'}`}
        disabled={busy || disabled}
        data-testid={testId}
        onClick={onConfirm}
      >
        {busy ? t('common.working') : label}
      </button>
    </>
  );
}

function trapTab(event: KeyboardEvent, panel: HTMLElement): void {
  const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
  if (items.length === 0) return event.preventDefault();
  const first = items[0];
  const last = items[items.length - 1];
  if (!panel.contains(document.activeElement)) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  } else if (event.shiftKey && (document.activeElement === first || document.activeElement === panel)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

// The frame of the manager's small forms (category name, reply, bulk add): the shared Dialog with
// Cancel / submit, a busy state, the server's error inline, and Ctrl+Enter submitting from a textarea.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';

export interface FormDialogProps {
  title: string;
  testId: string;
  submitLabel: string;
  canSubmit: boolean;
  /** Resolves when done (the caller closes the dialog); a rejection is shown under the fields. */
  onSubmit(): Promise<void>;
  onClose(): void;
  size?: 'small' | 'medium' | 'large';
  children: ComponentChildren;
}

export function FormDialog({ title, testId, submitLabel, canSubmit, onSubmit, onClose, size = 'small', children }: FormDialogProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formId = `${testId}-form`;

  const submit = async () => {
    if (busy || !canSubmit) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={testId}
      size={size}
      footer={
        <>
          <button type="button" class="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} class="button primary" disabled={busy || !canSubmit} data-testid={`${testId}-save`}>
            {busy ? t('common.working') : submitLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        class="qrm-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          }
        }}
      >
        {children}
        {error ? (
          <p class="form-error" role="alert" data-testid={`${testId}-error`}>
            <Icon name="alert" /> {errorText(error, t)}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}

/** "12/50" under a field; red past the limit. */
export function FieldCount({ id, count, max }: { id: string; count: number; max: number }) {
  const t = useT();
  return (
    <p id={id} class={`field-count ${count > max ? 'form-error' : 'muted'}`}>
      {t('qrm.count', { n: count, max })}
    </p>
  );
}

// A small form in a dialog (mark, contact a user, the quick-reply manager's forms): the shared
// Dialog with Cancel / submit, a busy state, and the server's error under the fields.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Dialog, DialogButtons } from './Dialog';
import { ErrorAlert } from './ErrorAlert';

export interface FormDialogProps {
  title: string;
  testId: string;
  submitLabel: string;
  /** The submit button's test id; `<testId>-save` unless given. */
  submitTestId?: string;
  canSubmit: boolean;
  /** Resolves when done (the caller closes the dialog); a rejection is shown under the fields. */
  onSubmit(): Promise<void>;
  onClose(): void;
  /** Ctrl+Enter (⌘+Enter) submits from a textarea, for forms that say so in a hint. */
  submitOnCtrlEnter?: boolean;
  size?: 'small' | 'medium' | 'large';
  children: ComponentChildren;
}

export function FormDialog({ title, testId, submitLabel, submitTestId = `${testId}-save`, canSubmit, onSubmit, onClose, submitOnCtrlEnter = false, size = 'small', children }: FormDialogProps) {
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
      footer={<DialogButtons label={submitLabel} onCancel={onClose} form={formId} busy={busy} disabled={!canSubmit} testId={submitTestId} />}
    >
      <form
        id={formId}
        class="dialog-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        onKeyDown={(event) => {
          if (submitOnCtrlEnter && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          }
        }}
      >
        {children}
        <ErrorAlert error={error} testId={`${testId}-error`} />
      </form>
    </Dialog>
  );
}

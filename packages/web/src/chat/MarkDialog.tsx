// 标记 a session: a note of at most 200 bytes (UTF-8; a Chinese character counts 3).
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { Dialog, DialogButtons } from '../ui/Dialog';
import { FormDialog } from '../ui/FormDialog';
import { MARK_MAX_BYTES, utf8Bytes } from './session-actions';

export function MarkDialog({ initial, onClose, onSave }: { initial: string; onClose(): void; onSave(mark: string): Promise<unknown> }) {
  const t = useT();
  const [mark, setMark] = useState(initial);
  const bytes = utf8Bytes(mark);
  const tooLong = bytes > MARK_MAX_BYTES;

  const save = async () => {
    await onSave(mark.trim());
    onClose();
  };

  return (
    <FormDialog title={t('mark.title')} testId="mark-dialog" submitLabel={t('common.save')} submitTestId="mark-save" canSubmit={!tooLong} onSubmit={save} onClose={onClose}>
      <label class="field">
        <span>{t('mark.label')}</span>
        <textarea data-autofocus rows={3} value={mark} data-testid="mark-input" aria-describedby="mark-count" onInput={(event) => setMark(event.currentTarget.value)} />
      </label>
      <p id="mark-count" class={`field-count${tooLong ? ' form-error' : ' muted'}`}>
        {t('mark.bytes', { n: bytes, max: MARK_MAX_BYTES })}
      </p>
    </FormDialog>
  );
}

export function ConfirmDialog({ title, text, confirm, danger, onClose, onConfirm }: { title: string; text: string; confirm: string; danger?: boolean; onClose(): void; onConfirm(): void }) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="confirm-dialog"
      size="small"
      footer={<DialogButtons label={confirm} onCancel={onClose} onConfirm={onConfirm} danger={danger} autofocus testId="confirm-button" />}
    >
      <p>{text}</p>
    </Dialog>
  );
}

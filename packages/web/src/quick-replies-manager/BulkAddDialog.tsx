// 批量添加: paste many replies at once, one per line (title<TAB>content, title|content or CSV). The
// server adds all or nothing; when it refuses, every bad line is listed with the text it holds.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { FormDialog } from '../ui/FormDialog';
import { bulkLineErrors, personalApi, type BulkFormat, type BulkLineError, type PersonalCategory } from './personal-api';

const FORMATS: Array<BulkFormat | ''> = ['', 'lines', 'csv'];
/** Enough of a bad line to recognise it. */
const LINE_PREVIEW_CHARS = 80;

export function BulkAddDialog({ category, onClose, onAdded }: { category: PersonalCategory; onClose(): void; onAdded(added: number): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [format, setFormat] = useState<BulkFormat | ''>('');
  const [lineErrors, setLineErrors] = useState<BulkLineError[]>([]);
  const lineCount = text.split(/\r\n?|\n/).filter((line) => line.trim()).length;

  const add = async () => {
    setLineErrors([]);
    try {
      const { added } = await personalApi.bulkAdd(category.categoryId, text, format || undefined);
      onAdded(added);
    } catch (error) {
      const lines = bulkLineErrors(error);
      if (!lines?.length) throw error;
      setLineErrors(lines);
    }
  };

  return (
    <FormDialog
      title={t('qrm.bulkTitle', { name: category.name })}
      testId="qr-bulk-dialog"
      submitLabel={t('qrm.add')}
      canSubmit={lineCount > 0}
      onSubmit={add}
      onClose={onClose}
      submitOnCtrlEnter
      size="large"
    >
      <p class="muted">{t('qrm.bulkHint')}</p>
      <div class="qrm-bulk-options">
        <label class="select-control">
          <span class="small muted">{t('qrm.bulkFormat')}</span>
          <select value={format} data-testid="qr-bulk-format" onChange={(event) => setFormat(event.currentTarget.value as BulkFormat | '')}>
            {FORMATS.map((value) => (
              <option key={value} value={value}>
                {t(`qrm.format.${value || 'auto'}`)}
              </option>
            ))}
          </select>
        </label>
        <span class="muted small" aria-live="polite">
          {t('qrm.bulkLines', { n: lineCount })}
        </span>
      </div>
      <label class="field">
        <span>{t('qrm.bulkText')}</span>
        <textarea
          data-autofocus
          rows={9}
          class="qrm-bulk-text"
          spellcheck={false}
          placeholder={t('qrm.bulkPlaceholder')}
          data-testid="qr-bulk-text"
          aria-invalid={lineErrors.length > 0}
          aria-describedby={lineErrors.length ? 'qr-bulk-errors' : undefined}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
      </label>
      <p class="muted small">{t('qrm.bulkAllOrNothing')}</p>
      {lineErrors.length ? <LineErrors errors={lineErrors} text={text} /> : null}
    </FormDialog>
  );
}

function LineErrors({ errors, text }: { errors: BulkLineError[]; text: string }) {
  const t = useT();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return (
    <div class="qrm-bulk-errors" id="qr-bulk-errors" role="alert" data-testid="qr-bulk-errors">
      <p class="form-error">{t('qrm.bulkErrors', { n: errors.length })}</p>
      <ul>
        {errors.map((error) => (
          <li key={error.line} data-testid="qr-bulk-error" data-line={error.line}>
            <strong>{t('qrm.line', { line: error.line })}</strong>
            <span class="qrm-bulk-reason">{error.reason}</span>
            {lines[error.line - 1]?.trim() ? <code class="qrm-bulk-line">{preview(lines[error.line - 1])}</code> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function preview(line: string): string {
  const chars = [...line.replace(/\t/g, ' ⇥ ')];
  return chars.length > LINE_PREVIEW_CHARS ? `${chars.slice(0, LINE_PREVIEW_CHARS).join('')}…` : chars.join('');
}

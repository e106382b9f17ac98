// A personal category's name: new, or renamed.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { FormDialog } from '../ui/FormDialog';
import { FieldCount } from './FieldCount';
import { charCount, PERSONAL_LIMITS, personalApi, type PersonalCategory } from './personal-api';

export function CategoryDialog({ category, onClose, onSaved }: { category?: PersonalCategory; onClose(): void; onSaved(saved: PersonalCategory): void }) {
  const t = useT();
  const [name, setName] = useState(category?.name ?? '');
  const trimmed = name.trim();
  const count = charCount(trimmed);
  const canSubmit = count > 0 && count <= PERSONAL_LIMITS.categoryName && trimmed !== category?.name;

  const save = async () => {
    const saved = category ? await personalApi.renameCategory(category.categoryId, trimmed) : await personalApi.createCategory(trimmed);
    onSaved(saved);
  };

  return (
    <FormDialog
      title={t(category ? 'qrm.renameCategory' : 'qrm.newCategory')}
      testId="qr-category-dialog"
      submitLabel={t(category ? 'common.save' : 'qrm.create')}
      canSubmit={canSubmit}
      onSubmit={save}
      onClose={onClose}
      submitOnCtrlEnter
    >
      <label class="field">
        <span>{t('qrm.categoryName')}</span>
        <input data-autofocus data-testid="qr-category-name" value={name} aria-describedby="qr-category-count" onInput={(event) => setName(event.currentTarget.value)} />
      </label>
      <FieldCount id="qr-category-count" count={count} max={PERSONAL_LIMITS.categoryName} />
    </FormDialog>
  );
}

// Shown when a save is refused because someone else changed the entry since it was opened (409
// `conflict`): says so in the user's language and offers a reload; the form keeps the user's edits.
import { Alert, Button } from 'antd';
import { useI18n } from '../i18n';

export function ConflictAlert({ onReload }: { onReload(): void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('common.conflictTitle')}
      description={t('common.conflictText')}
      action={
        <Button size="small" onClick={onReload} data-testid="conflict-reload">
          {t('common.reload')}
        </Button>
      }
      style={{ marginBottom: 16 }}
      data-testid="edit-conflict"
    />
  );
}

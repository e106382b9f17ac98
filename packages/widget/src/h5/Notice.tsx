import type { Translate } from '@parley/chat-ui/i18n/index.ts';

export function Notice({ notice, t, onDismiss }: { notice: { code: number; message: string }; t: Translate; onDismiss(): void }) {
  return (
    <div class="pw-notice" role="alert">
      <span>{t('app.notice.failed', { message: notice.message })}</span>
      <button type="button" class="pw-link-button" onClick={onDismiss}>
        {t('app.notice.dismiss')}
      </button>
    </div>
  );
}

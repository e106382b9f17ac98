import type { ConnectionState } from '../client/index.ts';
import type { Translate } from '@parley/chat-ui/i18n/index.ts';
import { Avatar } from './Avatar.tsx';

interface HeaderProps {
  nick: string;
  avatarUrl: string;
  connection: ConnectionState;
  t: Translate;
  onToggleLanguage(): void;
  /** Only inside the embed: closes the panel. */
  onClose?: () => void;
}

export function Header({ nick, avatarUrl, connection, t, onToggleLanguage, onClose }: HeaderProps) {
  return (
    <header class="pw-header">
      <Avatar url={avatarUrl} name={nick} size={40} />
      <div class="pw-header-text">
        <h1 class="pw-title">{nick}</h1>
        <p class="pw-connection" data-testid="connection-status" data-state={connection} role="status">
          <span class="pw-dot" aria-hidden="true" />
          {t(`app.connection.${connection}`)}
        </p>
      </div>
      <button type="button" class="pw-header-button pw-language" data-testid="language-switch" aria-label={t('app.language.switch')} onClick={onToggleLanguage}>
        {t('app.language.other')}
      </button>
      {onClose && (
        <button type="button" class="pw-header-button pw-close" aria-label={t('app.close')} onClick={onClose}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      )}
    </header>
  );
}

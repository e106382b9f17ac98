// The bar across the top: product and app, the connection, the status switch, alerts, language, the agent.
import { useCallback, useRef, useState } from 'preact/hooks';
import { authStore, logout } from '../auth/auth-store';
import { useT } from '../i18n';
import { openQuickRepliesManager } from '../quick-replies-manager/manager-store';
import { connectionStore } from '../realtime/connection';
import { useStore } from '../state/store';
import { StatusSwitch } from '../status/StatusSwitch';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { useDismiss } from '../ui/useDismiss';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsToggle, type Notifier } from './NotificationsToggle';

export function TopBar({ notifier }: { notifier?: Notifier }) {
  const t = useT();
  const app = useStore(authStore, (s) => s.app);
  const connection = useStore(connectionStore, (s) => s.state);
  return (
    <header class="topbar">
      <div class="topbar-brand">
        <span class="brand-mark small" aria-hidden="true">
          <Icon name="chat" size={18} />
        </span>
        <span class="brand-name">{t('app.name')}</span>
        {app ? (
          <span class="app-name" title={`SDKAppID ${app.sdkAppId}`}>
            {app.name}
          </span>
        ) : null}
      </div>
      <div class="topbar-actions">
        {connection !== 'online' ? (
          <span class={`connection-badge ${connection}`} role="status" data-testid="connection-status" data-state={connection}>
            <Icon name="wifi" size={16} /> {t(connection === 'connecting' ? 'shell.connecting' : 'shell.reconnecting')}
          </span>
        ) : null}
        <StatusSwitch />
        {notifier ? <NotificationsToggle notifier={notifier} /> : null}
        <LanguageSwitch />
        <UserMenu />
      </div>
    </header>
  );
}

function UserMenu() {
  const t = useT();
  const { me, app, embedded } = useStore(authStore, (s) => s);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);
  if (!me) return null;
  const signOut = async () => {
    close();
    try {
      await logout();
    } catch (error) {
      toast.error(error);
    }
  };
  return (
    <div class="user-menu" ref={root}>
      <button ref={button} type="button" class="user-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="user-menu">
        <Avatar id={me.memberId} name={me.nick || me.email} size={28} />
        <span class="user-name" data-testid="agent-name">
          {me.nick || me.email}
        </span>
        <Icon name="chevron-down" size={16} />
      </button>
      {open ? (
        <div class="menu user-dropdown" role="menu">
          <div class="menu-header">
            <strong>{me.nick}</strong>
            <span class="muted small">{me.email}</span>
            {app ? <span class="muted small">{app.name}</span> : null}
          </div>
          <button
            type="button"
            role="menuitem"
            class="menu-item"
            data-testid="qr-manage-menu-item"
            onClick={() => {
              close();
              button.current?.focus(); // the dialog gives focus back to what had it when it opened
              openQuickRepliesManager();
            }}
          >
            <Icon name="bolt" />
            <span class="menu-item-text">{t('qrm.open')}</span>
          </button>
          {!embedded && me.roles.some((role) => role === 'admin' || role === 'super_admin') ? (
            <a role="menuitem" class="menu-item" href="/console/" style={{ color: 'inherit', textDecoration: 'none' }} data-testid="console-link">
              <Icon name="panel" />
              <span class="menu-item-text">{t('shell.console')}</span>
            </a>
          ) : null}
          {embedded ? null : (
            <button type="button" role="menuitem" class="menu-item" data-testid="logout-button" onClick={() => void signOut()}>
              <Icon name="logout" />
              <span class="menu-item-text">{t('shell.logout')}</span>
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}

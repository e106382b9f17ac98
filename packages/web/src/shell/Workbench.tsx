// The logged-in workbench: top bar, a rail (sessions / internal chat), the session lists, the chat,
// the customer panel. Starts the live socket and answers the outside's commands.
import { useEffect, useState } from 'preact/hooks';
import { loadAgents } from '../agents/agents-store';
import { authStore, loginEnded } from '../auth/auth-store';
import { ChatView } from '../chat/ChatView';
import { previewOf } from '../chat/MessageContent';
import { conversationStore } from '../chat/conversation-store';
import { CustomerPanel } from '../customer/CustomerPanel';
import { infoStore } from '../customer/info-store';
import { InternalChat, useInternalUnread } from '../internal/InternalChat';
import { getLocale, useT } from '../i18n';
import { QuickRepliesManagerHost } from '../quick-replies-manager/QuickRepliesManager';
import { Live } from '../realtime/live';
import { SessionSidebar } from '../sessions/SessionSidebar';
import { refresh, resetSessions, sessionStore } from '../sessions/session-store';
import { useStore } from '../state/store';
import { loadStatus } from '../status/status-store';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { registerCommands } from './commands';
import type { Notifier } from './NotificationsToggle';
import { TopBar } from './TopBar';

const WIDE = '(min-width: 1100px)';

export interface WorkbenchProps {
  notifier?: Notifier;
}

export function Workbench({ notifier }: WorkbenchProps) {
  const t = useT();
  const { me, app } = useStore(authStore, (s) => s);
  const selectedId = useStore(sessionStore, (s) => s.selectedId);
  const [area, setArea] = useState<'sessions' | 'internal'>('sessions');
  const internalUnread = useInternalUnread();
  const sessionsUnread = useStore(sessionStore, (s) => Object.keys(s.unread).length);
  const [customerOpen, setCustomerOpen] = useState(() => typeof matchMedia === 'undefined' || matchMedia(WIDE).matches);

  useEffect(() => {
    if (!me || !app) return;
    void loadStatus().catch(toast.error);
    void loadAgents().catch(() => undefined);
    void refresh('mine').catch(toast.error);
    const live = new Live({ memberId: me.memberId, sdkAppId: app.sdkAppId, preview: (message) => previewOf(message, getLocale()), notice: (key, params) => toast.info(key, params) }, loginEnded);
    live.start();
    const unregister = registerCommands(me.memberId, () => setArea('sessions'));
    return () => {
      live.stop();
      unregister();
      // Another agent may log in on this page: nothing of this one's stays.
      resetSessions();
      conversationStore.set({ byId: {} });
      infoStore.set({ byId: {} });
    };
  }, [me?.memberId, app?.sdkAppId]);

  useEffect(() => {
    if (typeof matchMedia === 'undefined') return;
    const query = matchMedia(WIDE);
    const follow = () => setCustomerOpen(query.matches);
    query.addEventListener?.('change', follow);
    return () => query.removeEventListener?.('change', follow);
  }, []);

  if (!me) return null;
  return (
    <div class="workbench" data-area={area} data-selected={selectedId ? 'yes' : 'no'} data-customer={customerOpen ? 'open' : 'closed'}>
      <TopBar notifier={notifier} />
      <div class="workbench-body">
        <nav class="rail" aria-label={t('shell.areas')}>
          <button
            type="button"
            class={`rail-button${area === 'sessions' ? ' active' : ''}`}
            aria-current={area === 'sessions' ? 'page' : undefined}
            data-testid="sessions-tab"
            onClick={() => setArea('sessions')}
          >
            <Icon name="chat" size={20} />
            <span>{t('shell.sessions')}</span>
            <RailBadge count={area === 'sessions' ? 0 : sessionsUnread} label={t('sessions.unread', { n: sessionsUnread })} />
          </button>
          <button
            type="button"
            class={`rail-button${area === 'internal' ? ' active' : ''}`}
            aria-current={area === 'internal' ? 'page' : undefined}
            data-testid="internal-tab"
            onClick={() => setArea('internal')}
          >
            <Icon name="users" size={20} />
            <span>{t('shell.internal')}</span>
            <RailBadge count={internalUnread} label={t('sessions.unread', { n: internalUnread })} testId="internal-unread" />
          </button>
        </nav>
        {area === 'internal' ? (
          <main class="internal-area">
            <InternalChat me={{ memberId: me.memberId, nick: me.nick }} />
          </main>
        ) : (
          <>
            <SessionSidebar me={me.memberId} />
            <main class="chat-area">
              {selectedId ? (
                <ChatView key={selectedId} sessionId={selectedId} me={me.memberId} customerOpen={customerOpen} onToggleCustomer={() => setCustomerOpen(!customerOpen)} />
              ) : (
                <NothingSelected />
              )}
            </main>
            {selectedId && customerOpen ? <CustomerPanel sessionId={selectedId} onClose={() => setCustomerOpen(false)} /> : null}
          </>
        )}
      </div>
      <QuickRepliesManagerHost />
    </div>
  );
}

function RailBadge({ count, label, testId }: { count: number; label: string; testId?: string }) {
  if (count <= 0) return null;
  return (
    <span class="rail-badge" aria-label={label} data-testid={testId}>
      {count > 99 ? '99+' : count}
    </span>
  );
}

function NothingSelected() {
  const t = useT();
  return (
    <div class="empty-state">
      <span class="empty-icon" aria-hidden="true">
        <Icon name="inbox" size={40} />
      </span>
      <h2>{t('chat.noneSelected')}</h2>
      <p class="muted">{t('chat.noneSelectedHint')}</p>
    </div>
  );
}

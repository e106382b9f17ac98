// The centre column: the selected session's header with its actions, the conversation, and the
// composer (an offer shows "accept" first; ended and handed-over sessions are read-only).
import { useEffect, useState } from 'preact/hooks';
import { workbenchApi } from '../api/workbench';
import type { SessionInfo, SessionItem } from '../api/types';
import { infoStore, loadInfo } from '../customer/info-store';
import { agentsStore, nickOf } from '../agents/agents-store';
import { Composer } from '../composer/Composer';
import { useLocale, useT } from '../i18n';
import { fullTime, toMs } from '../format/time';
import { onSessionChanged } from '../realtime/live';
import { contactUser } from '../sessions/contact';
import { Countdown } from '../sessions/Countdown';
import { channelKey, displayName } from '../sessions/SessionListItem';
import { findItem, patchItem, refresh, select, sessionStore, setTab } from '../sessions/session-store';
import { useStore } from '../state/store';
import { TransferDialog } from '../transfer/TransferDialog';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import type { ChatMessage } from './chat-message';
import { ConfirmDialog, MarkDialog } from './MarkDialog';
import { MessageList } from './MessageList';
import { retrySending, sendAsAgent } from './send';
import { sessionActions } from './session-actions';

type Session = SessionInfo['session'];
type Mode = 'active' | 'pending' | 'ended' | 'elsewhere';

export function modeOf(session: Pick<Session, 'state' | 'agentId'>, me: string): Mode {
  if (session.state === 'Ended') return 'ended';
  if (session.agentId !== me) return 'elsewhere';
  if (session.state === 'WaitingForAgentAnswering') return 'pending';
  return session.state === 'Agent' ? 'active' : 'elsewhere';
}

export interface ChatViewProps {
  sessionId: string;
  me: string;
  onToggleCustomer(): void;
  customerOpen: boolean;
}

export function ChatView({ sessionId, me, onToggleCustomer, customerOpen }: ChatViewProps) {
  const t = useT();
  const entry = useStore(infoStore, (s) => s.byId[sessionId]);
  const item = useStore(sessionStore, () => findItem(sessionId));

  useEffect(() => {
    void loadInfo(sessionId).catch(toast.error);
    return onSessionChanged((changed) => changed === sessionId && void loadInfo(sessionId).catch(() => undefined));
  }, [sessionId]);

  const session: Session | SessionItem | undefined = entry?.info?.session ?? item;
  if (!session) {
    return (
      <section class="chat chat-empty" aria-busy={entry?.loading}>
        <p class="muted">{entry?.loading ? t('common.loading') : t('chat.unavailable')}</p>
      </section>
    );
  }
  const customerName = entry?.info?.customer.nick || displayName(session);
  const mode = modeOf(session, me);
  const send = (body: Parameters<typeof sendAsAgent>[2]) =>
    sendAsAgent(sessionId, me, body).catch((error) => {
      toast.error(error);
      throw error;
    });
  const retry = (message: ChatMessage) => void retrySending(sessionId, me, message.msgRandom!).catch(toast.error);

  return (
    <section class="chat" aria-label={t('chat.with', { name: customerName })} data-testid="chat-view" data-mode={mode}>
      <ChatHeader session={session} info={entry?.info} customerName={customerName} mode={mode} me={me} onToggleCustomer={onToggleCustomer} customerOpen={customerOpen} />
      <MessageList
        sessionId={sessionId}
        accountId={session.accountId}
        customerName={customerName}
        me={me}
        onRetry={mode === 'active' ? retry : undefined}
        footer={mode === 'ended' ? <EndedNotice session={session} /> : null}
      />
      {mode === 'active' ? <Composer sessionId={sessionId} onSend={send} onTyping={() => void workbenchApi.typing(sessionId).catch(() => undefined)} /> : null}
      {mode === 'pending' ? <AcceptBar session={session} /> : null}
      {mode === 'ended' ? <ContactAgain session={session} /> : null}
      {mode === 'elsewhere' ? <Elsewhere session={session} /> : null}
    </section>
  );
}

function ChatHeader({
  session,
  info,
  customerName,
  mode,
  me,
  onToggleCustomer,
  customerOpen,
}: {
  session: Session;
  info?: SessionInfo;
  customerName: string;
  mode: Mode;
  me: string;
  onToggleCustomer(): void;
  customerOpen: boolean;
}) {
  const t = useT();
  const [dialog, setDialog] = useState<'none' | 'transfer' | 'mark' | 'end'>('none');
  const id = session.sessionId;
  const active = mode === 'active';
  const close = () => setDialog('none');
  return (
    <header class="chat-header">
      <button type="button" class="icon-button back-button" aria-label={t('chat.backToList')} onClick={() => select(undefined)}>
        <Icon name="chevron-left" />
      </button>
      <Avatar id={session.userId} name={customerName} size={40} />
      <div class="chat-title">
        <h2>
          {customerName}
          {session.starred ? <Icon name="star" size={16} class="flag-star" /> : null}
        </h2>
        <p class="muted small">
          <span>{session.userId}</span> · <span>{t(channelKey(session.channelType))}</span>
          {info?.account.nick ? <span> · {info.account.nick}</span> : null}
        </p>
      </div>
      <StateChip session={session} mode={mode} />
      <div class="chat-actions" role="toolbar" aria-label={t('chat.actions')}>
        {active ? (
          <>
            <HeaderButton icon="transfer" label={t('actions.transfer')} testId="transfer-button" onClick={() => setDialog('transfer')} />
            {session.suspended ? (
              <HeaderButton icon="play" label={t('actions.resume')} testId="resume-button" onClick={() => void sessionActions.resume(id)} />
            ) : (
              <HeaderButton icon="pause" label={t('actions.suspend')} testId="suspend-button" onClick={() => void sessionActions.suspend(id)} />
            )}
            <HeaderButton icon="tag" label={t('actions.mark')} testId="mark-button" pressed={!!session.mark} onClick={() => setDialog('mark')} />
            <HeaderButton
              icon="star"
              label={session.starred ? t('actions.unstar') : t('actions.star')}
              testId="star-button"
              pressed={session.starred}
              extraClass="star-toggle"
              onClick={() => void sessionActions.star(id, !session.starred)}
            />
            <HeaderButton icon="rating" label={t('actions.inviteRating')} testId="invite-rating-button" onClick={() => void sessionActions.inviteRating(id)} />
            <button type="button" class="button danger-outline small end-button" data-testid="end-button" onClick={() => setDialog('end')}>
              <Icon name="end" size={16} /> <span>{t('actions.end')}</span>
            </button>
          </>
        ) : null}
        <HeaderButton
          icon="panel"
          label={t(customerOpen ? 'customer.hide' : 'customer.show')}
          testId="customer-toggle"
          pressed={customerOpen}
          onClick={onToggleCustomer}
          extraClass="customer-toggle"
        />
      </div>
      {dialog === 'transfer' ? (
        <TransferDialog
          me={me}
          onClose={close}
          onTransfer={async (target) => {
            await sessionActions.transfer(id, target);
            close();
          }}
        />
      ) : null}
      {dialog === 'mark' ? <MarkDialog initial={session.mark} onClose={close} onSave={(mark) => sessionActions.mark(id, mark)} /> : null}
      {dialog === 'end' ? (
        <ConfirmDialog
          title={t('actions.endTitle')}
          text={t('actions.endText', { name: customerName })}
          confirm={t('actions.end')}
          danger
          onClose={close}
          onConfirm={() => {
            close();
            void sessionActions.end(id);
          }}
        />
      ) : null}
    </header>
  );
}

function HeaderButton({ icon, label, testId, onClick, pressed, extraClass }: { icon: string; label: string; testId: string; onClick(): void; pressed?: boolean; extraClass?: string }) {
  return (
    <button
      type="button"
      class={`icon-button labelled${pressed ? ' active' : ''}${extraClass ? ` ${extraClass}` : ''}`}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      data-testid={testId}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}

function StateChip({ session, mode }: { session: Session; mode: Mode }) {
  const t = useT();
  const agents = useStore(agentsStore, (s) => s.items);
  const label =
    mode === 'ended'
      ? t('state.ended')
      : mode === 'pending'
        ? t('state.pending')
        : mode === 'elsewhere'
          ? t('state.elsewhere', { name: nickOf(agents, session.agentId) || '—' })
          : session.suspended
            ? t('state.suspended')
            : t('state.active');
  return (
    <span class={`state-chip state-${session.suspended && mode === 'active' ? 'suspended' : mode}`} data-testid="session-state">
      {label}
    </span>
  );
}

function AcceptBar({ session }: { session: Session }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const deadline = toMs(session.acceptDeadline);
  const accept = async () => {
    setBusy(true);
    try {
      const view = await workbenchApi.accept(session.sessionId);
      patchItem(session.sessionId, { state: view.state, acceptDeadline: null });
      setTab('mine');
      await Promise.all([loadInfo(session.sessionId), refresh('mine')]);
    } catch (error) {
      toast.error(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="chat-footer-bar offer-bar" role="region" aria-label={t('chat.offer')}>
      <Icon name="bell" />
      <span>{t('chat.offerText')}</span>
      {deadline ? <Countdown deadline={deadline} /> : null}
      <button type="button" class="button primary" disabled={busy} data-testid="chat-accept-button" onClick={() => void accept()}>
        {busy ? t('sessions.accepting') : t('sessions.accept')}
      </button>
    </div>
  );
}

function EndedNotice({ session }: { session: Session }) {
  const t = useT();
  const locale = useLocale();
  const ended = toMs(session.endedAt);
  return (
    <div class="ended-notice" data-testid="session-ended-notice">
      <span>
        {t('chat.endedAt', { time: ended ? fullTime(ended, locale) : '' })}
        {session.endStatus ? ` · ${t(`endStatus.${session.endStatus}`)}` : ''}
        {session.satisfaction ? ` · ${t('sessions.rated', { n: session.satisfaction })}` : ''}
      </span>
    </div>
  );
}

function ContactAgain({ session }: { session: Session }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const again = async () => {
    setBusy(true);
    try {
      const sessionId = await contactUser(session.userId, session.accountId);
      setTab('mine');
      select(sessionId);
    } catch (error) {
      toast.error(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="chat-footer-bar readonly-bar">
      <Icon name="clock" />
      <span>{t('chat.readOnly')}</span>
      <button type="button" class="button primary" disabled={busy} data-testid="contact-again-button" onClick={() => void again()}>
        <Icon name="chat" size={16} /> {t('chat.contactAgain')}
      </button>
    </div>
  );
}

function Elsewhere({ session }: { session: Session }) {
  const t = useT();
  const agents = useStore(agentsStore, (s) => s.items);
  return (
    <div class="chat-footer-bar readonly-bar">
      <Icon name="info" />
      <span>{session.agentId ? t('chat.withOther', { name: nickOf(agents, session.agentId) }) : t('chat.notYours')}</span>
    </div>
  );
}

// One internal conversation: earlier messages on demand, live ones appended (kept in view when the
// agent is at the bottom), the agent's own messages pending until the server has them. Styled like
// a customer conversation (the workbench's chat classes).
import { Fragment } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { MessageBody } from '@parley/chat-ui/render/MessageBody.tsx';
import { clockTime, dayLabel, daysBetween } from '../format/time';
import { useLocale, useT } from '../i18n';
import { useStore } from '../state/store';
import { Avatar } from '../ui/Avatar';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import type { MsgElement } from '../api/types';
import { Composer } from './Composer';
import type { Colleague, InternalMessage } from './internal-api';
import { closeThread, discardMessage, internalStore, loadConversation, loadEarlier, retryMessage, type Conversation, type PendingMessage } from './internal-store';

/** Within this distance of the bottom, new messages scroll into view. */
const STICK_PX = 80;

type Person = { memberId: string; nick: string };

/** Images and files bring their own frame: a plain bubble, not the agent's coloured one. */
const isMedia = (body: MsgElement[]) => body.length > 0 && body.every((element) => element.MsgType === 'TIMImageElem' || element.MsgType === 'TIMFileElem');

export function ConversationView({ me, colleague, onMenu }: { me: Person; colleague: Colleague; onMenu(event: MouseEvent): void }) {
  const t = useT();
  const conversation = useStore(internalStore, (s) => s.conversations[colleague.memberId]);
  return (
    <section class="chat internal-conversation" aria-label={t('internal.messages', { name: colleague.nick })}>
      <header class="chat-header">
        <button type="button" class="icon-button internal-back" aria-label={t('internal.back')} onClick={closeThread}>
          <Icon name="chevron-left" />
        </button>
        <Avatar id={colleague.memberId} name={colleague.nick} size={36} />
        <div class="chat-title">
          <h2>{colleague.nick}</h2>
          <p class="muted small">{colleague.memberId}</p>
        </div>
        <div class="chat-actions">
          <button type="button" class="icon-button" aria-label={t('internal.options', { name: colleague.nick })} aria-haspopup="menu" onClick={onMenu}>
            <Icon name="chevron-down" />
          </button>
        </div>
      </header>
      <Messages me={me} colleague={colleague} conversation={conversation} />
      <Composer colleague={colleague} />
    </section>
  );
}

function Messages({ me, colleague, conversation }: { me: Person; colleague: Colleague; conversation?: Conversation }) {
  const t = useT();
  const locale = useLocale();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  /** The height before earlier messages went on top, to keep the agent's place. */
  const heightBeforeEarlier = useRef<number | undefined>(undefined);
  const messages = conversation?.messages ?? [];
  const pending = conversation?.pending ?? [];

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforeEarlier.current !== undefined) {
      el.scrollTop += el.scrollHeight - heightBeforeEarlier.current;
      heightBeforeEarlier.current = undefined;
    } else if (atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, pending.length, messages[0]?.id]);

  const onScroll = () => {
    const el = scroller.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  };
  const earlier = () => {
    heightBeforeEarlier.current = scroller.current?.scrollHeight;
    void loadEarlier(colleague.memberId);
  };
  const retryLoad = () => void (conversation?.loaded ? loadEarlier(colleague.memberId) : loadConversation(colleague.memberId));

  const now = Date.now();
  return (
    <div class="message-area">
      <div class="message-scroll" ref={scroller} onScroll={onScroll}>
        <div class="history-head">
          {conversation?.more ? (
            <button type="button" class="link-button" data-testid="internal-load-earlier" disabled={conversation.loading} onClick={earlier}>
              {conversation.loading ? t('internal.loading') : t('internal.loadEarlier')}
            </button>
          ) : null}
          {!conversation?.loaded && conversation?.loading ? <span class="muted">{t('internal.loading')}</span> : null}
          {conversation?.loaded && messages.length === 0 && pending.length === 0 ? <span class="muted">{t('internal.noMessages')}</span> : null}
        </div>
        {conversation?.error ? (
          <p class="internal-error" role="alert">
            {t('internal.loadFailed', { reason: errorText(conversation.error, t) })}{' '}
            <button type="button" class="link-button" onClick={retryLoad}>
              {t('internal.retry')}
            </button>
          </p>
        ) : null}
        <ol class="message-list" aria-live="polite" aria-relevant="additions">
          {messages.map((message, i) => {
            const at = Date.parse(message.at);
            const previous = messages[i - 1];
            const newDay = !previous || daysBetween(Date.parse(previous.at), at) !== 0;
            const mine = message.from === me.memberId;
            return (
              <Fragment key={message.id}>
                {newDay ? (
                  <li class="day-separator" role="separator">
                    {dayLabel(at, now, locale, t)}
                  </li>
                ) : null}
                <MessageRow message={message} mine={mine} author={mine ? me : colleague} first={newDay || previous.from !== message.from} />
              </Fragment>
            );
          })}
          {pending.map((item) => (
            <PendingRow key={item.localId} item={item} colleague={colleague} />
          ))}
        </ol>
      </div>
    </div>
  );
}

function MessageRow({ message, mine, author, first }: { message: InternalMessage; mine: boolean; author: Person; first: boolean }) {
  const t = useT();
  const locale = useLocale();
  const at = Date.parse(message.at);
  return (
    <li class={`msg-row ${mine ? 'right mine' : 'left'}${first ? ' first' : ''}`} data-testid="internal-message" data-mine={mine ? 'true' : 'false'}>
      <div class="msg-avatar">{first ? <Avatar id={author.memberId} name={author.nick} size={32} /> : null}</div>
      <div class="msg-column">
        {first ? (
          <div class="msg-meta">
            <span class="msg-sender">{mine ? t('internal.you') : author.nick}</span>
            <time class="msg-time" dateTime={message.at}>
              {clockTime(at, locale)}
            </time>
          </div>
        ) : null}
        <div class={`bubble agent${isMedia(message.body) ? ' media' : ''}`} title={first ? undefined : clockTime(at, locale)}>
          <MessageBody message={{ role: 2, at, body: message.body }} t={t} locale={locale} />
        </div>
      </div>
    </li>
  );
}

function PendingRow({ item, colleague }: { item: PendingMessage; colleague: Colleague }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li class="msg-row right mine" data-testid="internal-message" data-mine="true" data-delivery={item.state}>
      <div class="msg-avatar" />
      <div class="msg-column">
        <div class={`bubble agent${isMedia(item.body) ? ' media' : ''}`}>
          <MessageBody message={{ role: 2, at: Date.now(), body: item.body }} t={t} locale={locale} />
        </div>
        {item.state === 'sending' ? <span class="msg-status">{t('internal.sending')}</span> : null}
        {item.state === 'failed' ? (
          <span class="msg-status failed" role="alert">
            {t('internal.failed', { reason: errorText(item.error, t) })}
            <button type="button" class="link-button" onClick={() => void retryMessage(colleague.memberId, item.localId)}>
              {t('internal.retry')}
            </button>
            <button type="button" class="link-button" onClick={() => discardMessage(colleague.memberId, item.localId)}>
              {t('internal.discard')}
            </button>
          </span>
        ) : null}
      </div>
    </li>
  );
}

// One chat line: the customer on the left, the service side (robot, agents) on the right, system
// prompts centred; the sender's name and time above the first line of a run.
import { memo } from 'preact/compat';
import type { Locale, Translate } from '../i18n';
import { clockTime, fullTime } from '../format/time';
import { Avatar } from '../ui/Avatar';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import type { MessageLayout } from '@parley/chat-ui/render/MessageBody.tsx';
import type { ChatMessage } from './chat-message';
import { MessageContent } from './MessageContent';

export interface MessageRowProps {
  message: ChatMessage;
  /** First line of a run by the same sender: shows the name and avatar. */
  first: boolean;
  /** From the renderers: a notice or a full-width row (rating card) is centred; a card brings its own frame. */
  layout: MessageLayout;
  senderName: string;
  /** The name the avatar's initials come from (the label may add "(you)"). */
  avatarName: string;
  mine: boolean;
  t: Translate;
  locale: Locale;
  onRetry?(message: ChatMessage): void;
  onDiscard?(message: ChatMessage): void;
}

export const MessageRow = memo(function MessageRow({ message, first, layout, senderName, avatarName, mine, t, locale, onRetry, onDiscard }: MessageRowProps) {
  if (message.speaker === 'system' || layout === 'notice' || layout === 'row') {
    const kind = layout === 'row' ? 'row' : 'system';
    return (
      <li class={`msg-row ${kind}`} data-testid="wb-message" data-role={message.speaker} data-layout={layout}>
        <div class={kind === 'row' ? 'msg-wide' : 'msg-system'}>
          <MessageContent message={message} locale={locale} />
          <time class="msg-time" dateTime={new Date(message.at).toISOString()} title={fullTime(message.at, locale)}>
            {clockTime(message.at, locale)}
          </time>
        </div>
      </li>
    );
  }
  const side = message.speaker === 'customer' ? 'left' : 'right';
  return (
    <li
      class={`msg-row ${side} ${message.speaker}${first ? ' first' : ''}${mine ? ' mine' : ''}`}
      data-testid="wb-message"
      data-role={message.speaker}
      data-layout={layout}
      data-delivery={message.delivery ?? 'sent'}
    >
      <div class="msg-avatar">{first ? <SenderAvatar message={message} name={avatarName} /> : null}</div>
      <div class="msg-column">
        {first ? (
          <div class="msg-meta">
            <span class="msg-sender">{senderName}</span>
            <time class="msg-time" dateTime={new Date(message.at).toISOString()} title={fullTime(message.at, locale)}>
              {clockTime(message.at, locale)}
            </time>
          </div>
        ) : null}
        <div class={`bubble ${message.speaker}${layout === 'card' ? ' card' : ''}`}>
          <MessageContent message={message} locale={locale} />
        </div>
        {message.delivery === 'sending' ? <span class="msg-status">{t('chat.sending')}</span> : null}
        {message.delivery === 'failed' ? (
          <span class="msg-status failed" role="alert">
            <Icon name="alert" size={14} /> {errorText(message.error, t)}
            {onRetry ? (
              <button type="button" class="link-button" onClick={() => onRetry(message)}>
                {t('common.retry')}
              </button>
            ) : null}
            {onDiscard ? (
              <button type="button" class="link-button" onClick={() => onDiscard(message)}>
                {t('chat.discard')}
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
    </li>
  );
});

function SenderAvatar({ message, name }: { message: ChatMessage; name: string }) {
  if (message.speaker === 'robot')
    return (
      <span class="avatar avatar-robot" aria-hidden="true">
        <Icon name="robot" size={16} />
      </span>
    );
  return <Avatar id={message.agentId ?? name} name={name} size={32} />;
}

import type { ChatClient } from '../client/index.ts';
import { formatTime, type Locale, type Translate } from '@parley/chat-ui/i18n/index.ts';
import { MessageBody, type MessageLayout } from '@parley/chat-ui/render/MessageBody.tsx';
import type { MessageActions, RenderableMessage } from '@parley/chat-ui/render/types.ts';
import { Avatar } from './Avatar.tsx';

interface MessageRowProps {
  message: RenderableMessage;
  layout: Exclude<MessageLayout, 'hidden'>;
  /** The first of consecutive messages from the same side: it gets the avatar. */
  firstOfGroup: boolean;
  /** The last of them: it gets the time. */
  lastOfGroup: boolean;
  actions: MessageActions;
  client: ChatClient;
  t: Translate;
  locale: Locale;
  accountNick: string;
}

const ROLE_NAMES = { 1: 'customer', 2: 'service', 3: 'system' } as const;

export function MessageRow({ message, layout, firstOfGroup, lastOfGroup, actions, client, t, locale, accountNick }: MessageRowProps) {
  const mine = message.role === 1;
  const side = layout === 'notice' ? 'center' : layout === 'row' ? 'full' : mine ? 'mine' : 'theirs';
  return (
    <div
      class={`pw-row pw-row-${side} pw-layout-${layout}${message.role === 3 ? ' pw-row-system' : ''}${firstOfGroup ? '' : ' pw-row-cont'}`}
      data-testid="message"
      data-role={ROLE_NAMES[message.role]}
      data-delivery={mine ? (message.delivery ?? 'sent') : undefined}
    >
      {side === 'theirs' && <span class="pw-row-avatar">{firstOfGroup && <Avatar url="" name={message.senderName || accountNick} size={28} />}</span>}
      <div class="pw-row-main">
        {side === 'theirs' && firstOfGroup && message.senderName && <p class="pw-sender">{message.senderName}</p>}
        <div class={layout === 'bubble' && !mediaOnly(message) ? 'pw-bubble' : 'pw-framed'}>
          <MessageBody message={message} actions={actions} t={t} locale={locale} />
        </div>
        {layout !== 'notice' && (lastOfGroup || (mine && message.delivery !== 'sent')) && <Meta message={message} client={client} t={t} locale={locale} />}
      </div>
    </div>
  );
}

function Meta({ message, client, t, locale }: { message: RenderableMessage; client: ChatClient; t: Translate; locale: Locale }) {
  const delivery = message.role === 1 ? (message.delivery ?? 'sent') : undefined;
  return (
    <p class={`pw-meta${delivery === 'failed' ? ' pw-meta-failed' : ''}`}>
      <time dateTime={new Date(message.at).toISOString()}>{formatTime(message.at, locale)}</time>
      {delivery && delivery !== 'sent' && (
        <span class={`pw-delivery pw-delivery-${delivery}`} title={message.error}>
          <DeliveryIcon delivery={delivery} />
          {t(`app.delivery.${delivery}`)}
          {message.error && <span class="pw-visually-hidden">: {message.error}</span>}
        </span>
      )}
      {delivery === 'failed' && message.msgRandom && (
        <>
          <button type="button" class="pw-link-button" onClick={() => client.retry(message.msgRandom!)}>
            {t('app.retry')}
          </button>
          <button type="button" class="pw-link-button" onClick={() => client.discard(message.msgRandom!)}>
            {t('app.discard')}
          </button>
        </>
      )}
    </p>
  );
}

/** Photos and file cards bring their own frame: no coloured bubble around them. */
const mediaOnly = (message: RenderableMessage) => message.body.every((element) => element.MsgType === 'TIMImageElem' || element.MsgType === 'TIMFileElem');

const DELIVERY_ICONS = {
  queued: 'M12 7v5l3 2M12 21a9 9 0 110-18 9 9 0 010 18z',
  sending: 'M12 3a9 9 0 109 9',
  failed: 'M12 8v5M12 16.5v.5M12 21a9 9 0 110-18 9 9 0 010 18z',
};

function DeliveryIcon({ delivery }: { delivery: keyof typeof DELIVERY_ICONS }) {
  return (
    <svg class="pw-delivery-icon" viewBox="0 0 24 24" width="12" height="12" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round">
      <path d={DELIVERY_ICONS[delivery]} />
    </svg>
  );
}

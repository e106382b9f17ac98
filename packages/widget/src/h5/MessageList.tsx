import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatClient } from '../client/index.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import { messageLayout, type MessageLayout } from '../render/MessageBody.tsx';
import type { MessageActions, RenderableMessage } from '../render/types.ts';
import { dayLabel, sameDay } from './days.ts';
import { MessageRow } from './MessageRow.tsx';

interface MessageListProps {
  messages: RenderableMessage[];
  typing: boolean;
  actions: MessageActions;
  client: ChatClient;
  t: Translate;
  locale: Locale;
  accountNick: string;
}

/** Within this many pixels of the end, the list counts as "at the bottom" and follows new messages. */
const STICK_PX = 56;

export function MessageList(props: MessageListProps) {
  const { messages, typing, t, locale } = props;
  const visible = messages.map((message) => ({ message, layout: messageLayout(message) })).filter((m) => m.layout !== 'hidden');
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef(visible.length);
  const [unseen, setUnseen] = useState(0);

  const toBottom = (smooth = false) => {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  };

  // Follow the conversation while the reader is at the bottom; otherwise count what arrives below.
  useLayoutEffect(() => {
    const added = visible.slice(seen.current);
    seen.current = visible.length;
    if (added.some((m) => m.message.role === 1)) atBottom.current = true; // the customer just sent: show it
    if (atBottom.current) {
      toBottom();
      setUnseen(0);
    } else if (added.length > 0) setUnseen((n) => n + added.length);
  });

  const onScroll = () => {
    const el = scroller.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (atBottom.current && unseen) setUnseen(0);
  };

  return (
    <div class="pw-list-wrap">
      <div class="pw-list" ref={scroller} onScroll={onScroll} onLoadCapture={() => atBottom.current && toBottom()}>
        <ol class="pw-messages" data-testid="message-list" aria-live="polite" aria-label={t('app.messages')}>
          {visible.map(({ message, layout }, i) => {
            const previous = visible[i - 1]?.message;
            const next = visible[i + 1]?.message;
            // Keyed by msgRandom first: a message sent from this page keeps its element from "sending" to "sent".
            return (
              <li key={message.msgRandom ?? message.msgKey} class="pw-item">
                {(!previous || !sameDay(previous.at, message.at)) && (
                  <p class="pw-day" role="separator">
                    <span>{dayLabel(message.at, locale, t)}</span>
                  </p>
                )}
                <MessageRow
                  {...props}
                  message={message}
                  layout={layout as Exclude<MessageLayout, 'hidden'>}
                  firstOfGroup={!previous || !sameGroup(previous, message)}
                  lastOfGroup={!next || !sameGroup(message, next)}
                />
              </li>
            );
          })}
        </ol>
        {typing && (
          <p class="pw-typing" data-testid="typing-indicator" role="status">
            <span class="pw-typing-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {t('app.typing')}
          </p>
        )}
      </div>
      {unseen > 0 && (
        <button type="button" class="pw-pill" onClick={() => toBottom(true)}>
          {t('app.newMessages', { n: unseen })}
          <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round">
            <path d="M12 5v14M6 13l6 6 6-6" />
          </svg>
        </button>
      )}
    </div>
  );
}

/**
 * Messages from one speaker within a few minutes form a group: one avatar, one name, one time stamp.
 * The speaker is the role and the agent's name, so a system prompt never sits under an agent's name.
 */
const GROUP_MS = 3 * 60_000;
const speakerOf = (message: RenderableMessage) => `${message.role}:${message.senderName ?? ''}`;
const sameGroup = (a: RenderableMessage, b: RenderableMessage) => speakerOf(a) === speakerOf(b) && b.at - a.at < GROUP_MS && sameDay(a.at, b.at);

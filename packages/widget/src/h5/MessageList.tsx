import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatClient, OlderState } from '../client/index.ts';
import type { Locale, Translate } from '@parley/chat-ui/i18n/index.ts';
import { messageLayout, type MessageLayout } from '@parley/chat-ui/render/MessageBody.tsx';
import type { MessageActions, RenderableMessage } from '@parley/chat-ui/render/types.ts';
import { dayLabel, sameDay } from './days.ts';
import { MessageRow } from './MessageRow.tsx';

interface MessageListProps {
  messages: RenderableMessage[];
  typing: boolean;
  older: OlderState;
  actions: MessageActions;
  client: ChatClient;
  t: Translate;
  locale: Locale;
  accountNick: string;
}

/** Within this many pixels of the end, the list counts as "at the bottom" and follows new messages. */
const STICK_PX = 56;

export function MessageList(props: MessageListProps) {
  const { messages, typing, older, client, t, locale } = props;
  const visible = messages.map((message) => ({ message, layout: messageLayout(message) })).filter((m) => m.layout !== 'hidden');
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastKey = useRef(visible.length ? keyOf(visible[visible.length - 1].message) : undefined);
  const [unseen, setUnseen] = useState(0);
  const { top, loadOlder, keepAnchor } = useOlderMessages(client, scroller, older, atBottom);

  const toBottom = (smooth = false) => {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  };

  // Follow the conversation while the reader is at the bottom; otherwise count what arrives below.
  // Older messages inserted above do not count: only what comes after the last one seen.
  useLayoutEffect(() => {
    const last = visible.findIndex((m) => keyOf(m.message) === lastKey.current);
    const added = last >= 0 ? visible.slice(last + 1) : lastKey.current ? [] : visible;
    if (visible.length) lastKey.current = keyOf(visible[visible.length - 1].message);
    if (added.some((m) => m.message.role === 1)) atBottom.current = true; // the customer just sent: show it
    if (atBottom.current) {
      toBottom();
      setUnseen(0);
    } else {
      keepAnchor();
      if (added.length > 0) setUnseen((n) => n + added.length);
    }
  });

  const onScroll = () => {
    const el = scroller.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    keepAnchor(true);
    if (atBottom.current && unseen) setUnseen(0);
  };

  return (
    <div class="pw-list-wrap">
      <div class="pw-list" ref={scroller} onScroll={onScroll} onLoadCapture={() => atBottom.current && toBottom()}>
        <div class="pw-older" ref={top}>
          {older === 'complete' ? (
            <p class="pw-older-end" data-testid="history-start" tabIndex={-1}>
              {t('app.history.start')}
            </p>
          ) : (
            // One button throughout (a spinner inside while loading), so keyboard focus stays on it.
            <button type="button" class="pw-older-button" data-testid="load-older" aria-busy={older === 'loading'} onClick={loadOlder}>
              {older === 'loading' && <span class="pw-older-spinner" aria-hidden="true" />}
              {t(older === 'loading' ? 'app.history.loading' : older === 'failed' ? 'app.history.failed' : 'app.history.load')}
            </button>
          )}
        </div>
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

const keyOf = (message: RenderableMessage) => message.msgRandom ?? message.msgKey;
/** The bottom edge: older messages may drop the item's day line and sender name above it, never what is below. */
const edgeOf = (element: Element) => element.getBoundingClientRect().bottom;

/**
 * Loading older messages at the top of the list: by the button, or by itself when the top comes
 * into view. The first message shown before the load stays where it was on the screen.
 */
function useOlderMessages(client: ChatClient, scroller: { current: HTMLDivElement | null }, older: OlderState, atBottom: { current: boolean }) {
  const top = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ element: Element; edge: number }>();
  const focusEnd = useRef(false);

  const topInView = () => {
    const el = scroller.current;
    return !!el && !!top.current && top.current.getBoundingClientRect().bottom > el.getBoundingClientRect().top;
  };

  const loadOlder = () => {
    if (older === 'loading' || older === 'complete') return;
    const element = scroller.current?.querySelector('.pw-item');
    anchor.current = element ? { element, edge: edgeOf(element) } : undefined;
    focusEnd.current = !!document.activeElement?.classList.contains('pw-older-button');
    void client.loadOlder();
  };

  /** After a render, scrolls by what moved the anchor; on the reader's own scroll, takes the new place. */
  const keepAnchor = (reset = false) => {
    const held = anchor.current;
    const el = scroller.current;
    if (!held || !el || !held.element.isConnected) return;
    const now = edgeOf(held.element);
    if (!reset && now !== held.edge) el.scrollTop += now - held.edge;
    held.edge = edgeOf(held.element);
    if (older !== 'loading' && !reset) anchor.current = undefined;
  };

  // Only a reader who scrolled up loads by itself (not a list that is short while the replay arrives).
  // The observer lives as long as the list; it calls this render's loader.
  const loadRef = useRef(loadOlder);
  loadRef.current = () => older === 'more' && !atBottom.current && loadOlder();
  useEffect(() => {
    const el = top.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => entry.isIntersecting && loadRef.current(), { root: scroller.current });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The top is still in view after a page (a short one): keep going. Keyboard focus on the button
  // moves to "start of conversation" when the button goes away.
  useEffect(() => {
    if (topInView()) loadRef.current();
    if (older === 'complete' && focusEnd.current) top.current?.querySelector<HTMLElement>('.pw-older-end')?.focus();
    if (older !== 'loading') focusEnd.current = false;
  });

  return { top, loadOlder, keepAnchor };
}

/**
 * Messages from one speaker within a few minutes form a group: one avatar, one name, one time stamp.
 * The speaker is the role and the agent's name, so a system prompt never sits under an agent's name.
 */
const GROUP_MS = 3 * 60_000;
const speakerOf = (message: RenderableMessage) => `${message.role}:${message.senderName ?? ''}`;
const sameGroup = (a: RenderableMessage, b: RenderableMessage) => speakerOf(a) === speakerOf(b) && b.at - a.at < GROUP_MS && sameDay(a.at, b.at);

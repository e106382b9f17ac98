// The whole conversation of a session, the robot part before the handoff included: older pages load
// when the agent scrolls to the top (keeping the view where it was), new lines follow at the bottom.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { agentsStore, nickOf } from '../agents/agents-store';
import { useLocale, useT, type Translate } from '../i18n';
import { dayLabel, daysBetween } from '../format/time';
import { useStore } from '../state/store';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import type { ChatMessage } from './chat-message';
import { layoutOf } from './MessageContent';
import type { MessageLayout } from '@parley/chat-ui/render/MessageBody.tsx';
import { conversationStore, dropLine, loadLatest, loadOlder } from './conversation-store';
import { MessageRow } from './MessageRow';

/** A new run starts after this gap even when the same person speaks. */
const RUN_GAP_MS = 5 * 60_000;
const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 60;

export interface MessageListProps {
  sessionId: string;
  accountId: string;
  customerName: string;
  me: string;
  onRetry?(message: ChatMessage): void;
  /** Shown under the last message (e.g. "session ended"). */
  footer?: preact.ComponentChildren;
}

type Entry = { kind: 'day'; key: string; label: string } | { kind: 'message'; message: ChatMessage; first: boolean; layout: MessageLayout };

export function MessageList({ sessionId, accountId, customerName, me, onRetry, footer }: MessageListProps) {
  const t = useT();
  const locale = useLocale();
  const conversation = useStore(conversationStore, (s) => s.byId[sessionId]);
  const agents = useStore(agentsStore, (s) => s.items);
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | undefined>();
  const [showJump, setShowJump] = useState(false);

  useEffect(() => {
    stickToBottom.current = true;
    // Always read the newest page: it merges, and brings changes the socket no longer follows (a rating after the end).
    void loadLatest(sessionId, accountId).catch(toast.error);
  }, [sessionId, accountId]);

  // Images load after layout and grow the list: stay at the bottom if the agent was there.
  useEffect(() => {
    const element = scroller.current;
    if (!element || !list.current || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current && !anchor.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(list.current);
    observer.observe(element); // the window resized
    return () => observer.disconnect();
  }, []);

  const messages = conversation?.messages ?? [];
  const entries = useMemo(() => withSeparators(messages, t, locale), [messages, t, locale]);

  // After older lines were put on top, keep the lines the agent was reading in place; otherwise follow the bottom.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const last = entries[entries.length - 1];
    if (last?.kind === 'message' && last.message.delivery === 'sending') stickToBottom.current = true; // the agent just sent
    if (anchor.current) {
      element.scrollTop = element.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = undefined;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    } else if (entries.length) setShowJump(true);
  }, [entries, footer]);

  // Only the agent scrolling up lets go of the bottom: content growing under a programmatic scroll
  // (an image loading) fires scroll events too, and must not.
  const lastTop = useRef(0);
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const top = element.scrollTop;
    const nearBottom = element.scrollHeight - top - element.clientHeight < NEAR_BOTTOM_PX;
    if (nearBottom) stickToBottom.current = true;
    else if (top < lastTop.current - 1) stickToBottom.current = false;
    lastTop.current = top;
    if (stickToBottom.current) setShowJump(false);
    if (top < NEAR_TOP_PX && conversation?.more && conversation.loaded && !conversation.loadingOlder) older();
  };

  const older = () => {
    const element = scroller.current;
    if (element) anchor.current = { height: element.scrollHeight, top: element.scrollTop };
    void loadOlder(sessionId, accountId).catch((error) => {
      anchor.current = undefined;
      toast.error(error);
    });
  };

  const jumpToBottom = () => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
    stickToBottom.current = true;
    setShowJump(false);
  };

  const nameOf = (message: ChatMessage) => {
    if (message.speaker === 'customer') return customerName;
    if (message.speaker === 'robot') return t('speaker.robot');
    if (message.agentId === me) return `${nickOf(agents, me)} (${t('speaker.you')})`;
    return nickOf(agents, message.agentId) || t('speaker.agent');
  };

  return (
    <div class="message-area">
      <div class="message-scroll" ref={scroller} onScroll={onScroll}>
        <div class="history-head">
          {conversation?.loadingOlder ? (
            <span class="muted small">{t('chat.loadingOlder')}</span>
          ) : conversation?.more && conversation.loaded ? (
            <button type="button" class="link-button small" onClick={older} data-testid="load-older">
              {t('chat.loadOlder')}
            </button>
          ) : conversation?.loaded ? (
            <span class="muted small">{t('chat.historyStart')}</span>
          ) : null}
        </div>
        {!conversation?.loaded && conversation?.loading ? <p class="chat-loading">{t('common.loading')}</p> : null}
        <ol ref={list} class="message-list" role="log" aria-live="polite" aria-relevant="additions" aria-label={t('chat.messages')} data-testid="wb-message-list">
          {entries.map((entry) =>
            entry.kind === 'day' ? (
              <li key={entry.key} class="day-separator" role="separator">
                <span>{entry.label}</span>
              </li>
            ) : (
              <MessageRow
                key={entry.message.key}
                message={entry.message}
                first={entry.first}
                layout={entry.layout}
                senderName={nameOf(entry.message)}
                avatarName={entry.message.speaker === 'agent' ? nickOf(agents, entry.message.agentId) || t('speaker.agent') : nameOf(entry.message)}
                mine={entry.message.agentId === me}
                t={t}
                locale={locale}
                onRetry={onRetry}
                onDiscard={(message) => dropLine(sessionId, message.key)}
              />
            ),
          )}
        </ol>
        {footer}
      </div>
      {showJump ? (
        <button type="button" class="jump-button" onClick={jumpToBottom}>
          <Icon name="chevron-down" size={16} /> {t('chat.newMessages')}
        </button>
      ) : null}
    </div>
  );
}

/** Day separators, and which lines start a run (sender changed, or a long pause). */
export function withSeparators(messages: ChatMessage[], t: Translate, locale: 'zh-CN' | 'en-US', now = Date.now()): Entry[] {
  const entries: Entry[] = [];
  let previous: ChatMessage | undefined;
  for (const message of messages) {
    const layout = layoutOf(message);
    if (layout === 'hidden') continue; // flags drive clients; they are not chat history
    const newDay = !previous || daysBetween(previous.at, message.at) !== 0;
    if (newDay) entries.push({ kind: 'day', key: `day-${message.key}`, label: dayLabel(message.at, now, locale, t) });
    const sameSender = previous && previous.speaker === message.speaker && previous.agentId === message.agentId;
    const first = newDay || !sameSender || message.at - previous!.at > RUN_GAP_MS || previous!.speaker === 'system';
    entries.push({ kind: 'message', message, first, layout });
    previous = message;
  }
  return entries;
}

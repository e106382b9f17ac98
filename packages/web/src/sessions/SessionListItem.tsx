// One row of the session lists: who, the last message, when, unread, star and mark; offers carry
// the accept button and the countdown, queued sessions their place, history rows how they ended.
import type { SessionItem } from '../api/types';
import { useLocale, useT, type Translate } from '../i18n';
import { formatWait, listTime, toMs } from '../format/time';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { Countdown } from './Countdown';
import type { Tab } from './session-store';

export interface SessionListItemProps {
  item: SessionItem;
  tab: Tab;
  /** The agent's member id: their own last message reads "You: …". */
  me: string;
  selected: boolean;
  unread: number;
  now: number;
  accepting?: boolean;
  onSelect?(sessionId: string): void;
  onAccept?(sessionId: string): void;
}

export const displayName = (item: Pick<SessionItem, 'nick' | 'userId'>) => item.nick || item.userId;

export const channelKey = (channelType: string) => (channelType === 'SDK' ? 'channel.sdk' : channelType === 'Web(H5)' ? 'channel.web' : 'channel.other');

export function SessionListItem({ item, tab, me, selected, unread, now, accepting, onSelect, onAccept }: SessionListItemProps) {
  const t = useT();
  const locale = useLocale();
  const lastAt = toMs(item.lastMessage?.at) ?? toMs(item.endedAt) ?? toMs(item.assignedAt) ?? toMs(item.queuedAt) ?? toMs(item.startedAt) ?? now;
  const pending = item.state === 'WaitingForAgentAnswering';
  const deadline = toMs(item.acceptDeadline);
  const selectable = tab !== 'queue' && onSelect;
  const name = displayName(item);
  const summary = (
    <>
      <Avatar id={item.userId} name={name} size={38} />
      <span class="session-text">
        <span class="session-top">
          <span class="session-name">{name}</span>
          <span class="session-flags">
            {item.starred ? <Icon name="star" size={14} class="flag-star" /> : null}
            {item.mark ? (
              <span class="flag-mark" title={item.mark}>
                <Icon name="tag" size={14} />
              </span>
            ) : null}
          </span>
          <time class="session-time" dateTime={new Date(lastAt).toISOString()}>
            {listTime(lastAt, now, locale, t)}
          </time>
        </span>
        <span class="session-bottom">
          <span class="session-preview">{previewLine(item, t, me)}</span>
          {unread > 0 ? (
            <span class="unread-dot" data-testid="unread-dot" aria-label={t('sessions.unread', { n: unread })}>
              {unread > 9 ? '9+' : unread}
            </span>
          ) : null}
        </span>
        <span class="session-meta">
          <span class="chip">{t(channelKey(item.channelType))}</span>
          {item.suspended ? <span class="chip chip-warn">{t('sessions.suspended')}</span> : null}
          {item.isContactUser ? <span class="chip">{t('sessions.contacted')}</span> : null}
          {tab === 'queue' && item.position ? <span class="chip chip-info">{t('sessions.position', { n: item.position })}</span> : null}
          {tab === 'queue' && item.queuedAt ? <span class="muted">{t('sessions.waiting', { time: formatWait((now - toMs(item.queuedAt)!) / 1000, t) })}</span> : null}
          {tab === 'history' && item.endStatus ? <span class="muted">{t(`endStatus.${item.endStatus}`)}</span> : null}
          {tab === 'history' && item.satisfaction ? <span class="chip chip-info">{t('sessions.rated', { n: item.satisfaction })}</span> : null}
        </span>
      </span>
    </>
  );

  return (
    <li
      class={`session-item${selected ? ' selected' : ''}${pending ? ' pending' : ''}${unread ? ' has-unread' : ''}`}
      data-testid="session-item"
      data-session-id={item.sessionId}
      data-state={item.state}
    >
      {selectable ? (
        <button type="button" class="session-main" aria-current={selected ? 'true' : undefined} onClick={() => onSelect!(item.sessionId)}>
          {summary}
        </button>
      ) : (
        <div class="session-main static">{summary}</div>
      )}
      {pending && onAccept ? (
        <div class="session-offer">
          {deadline ? <Countdown deadline={deadline} /> : null}
          <button type="button" class="button primary small" disabled={accepting} data-testid="accept-button" onClick={() => onAccept(item.sessionId)}>
            {accepting ? t('sessions.accepting') : t('sessions.accept')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function previewLine(item: SessionItem, t: Translate, me: string): string {
  const last = item.lastMessage;
  if (!last) return t('sessions.noMessages');
  return `${speakerPrefix(last, item.accountId, me, t)}${localPreview(last.preview, t)}`;
}

function speakerPrefix(last: NonNullable<SessionItem['lastMessage']>, accountId: string, me: string, t: Translate): string {
  if (last.fromRole === 1) return '';
  if (last.fromRole === 3) return `${t('speaker.system')}: `;
  if (last.fromAccount === me) return `${t('speaker.youPrefix')}: `;
  return `${last.fromAccount === accountId ? t('speaker.robot') : t('speaker.agent')}: `;
}

/** What the server's placeholders (`[image]`, `[file] name`, `[src 9]`) stand for, in the agent's language. */
const SRC_PREVIEW: Record<string, string> = {
  '9': 'preview.rating',
  '15': 'preview.options',
  '19': 'preview.ended',
  '20': 'preview.ended',
  '21': 'preview.form',
  '22': 'preview.product',
  '28': 'preview.order',
  '29': 'preview.suggestions',
  '30': 'preview.richText',
  '31': 'preview.richText',
  '32': 'preview.options',
  '33': 'preview.form',
};

export function localPreview(preview: string, t: Translate): string {
  if (preview === '[image]') return t('preview.image');
  if (preview.startsWith('[file]')) return `${t('preview.file')}${preview.slice('[file]'.length)}`;
  const src = /^\[src (\d+)\]$/.exec(preview)?.[1];
  if (src || preview === '[custom]') return t(SRC_PREVIEW[src ?? ''] ?? 'preview.card');
  return preview;
}

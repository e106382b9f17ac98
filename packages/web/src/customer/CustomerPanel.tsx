// The right column (用户信息): who the customer is, where they came from, this session's times and
// notes, and how many sessions they had before.
import type { ComponentChildren } from 'preact';
import { useLocale, useT } from '../i18n';
import { fullTime, toMs } from '../format/time';
import { channelKey } from '../sessions/SessionListItem';
import { useStore } from '../state/store';
import { Avatar } from '../ui/Avatar';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { infoStore } from './info-store';

export function CustomerPanel({ sessionId, onClose }: { sessionId: string; onClose(): void }) {
  const t = useT();
  const locale = useLocale();
  const entry = useStore(infoStore, (s) => s.byId[sessionId]);
  const info = entry?.info;
  const when = (iso: string | null | undefined) => {
    const ms = toMs(iso);
    return ms ? fullTime(ms, locale) : '—';
  };

  return (
    <aside class="customer-panel" aria-label={t('customer.title')} data-testid="customer-panel">
      <header class="panel-header">
        <h2>{t('customer.title')}</h2>
        <button type="button" class="icon-button panel-close" aria-label={t('common.close')} data-testid="customer-close" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {!info ? (
        <p class="muted panel-body">{entry?.error ? errorText(entry.error, t) : t('common.loading')}</p>
      ) : (
        <div class="panel-body">
          <div class="customer-card">
            <Avatar id={info.customer.userId} name={info.customer.nick || info.customer.userId} size={56} />
            <div>
              <p class="customer-name">{info.customer.nick || info.customer.userId}</p>
              <p class="muted small">{t(channelKey(info.customer.channelType))}</p>
            </div>
          </div>
          <Section title={t('customer.profile')}>
            <Field label={t('customer.userId')} value={info.customer.userId} testId="customer-user-id" mono />
            <Field label={t('customer.nick')} value={info.customer.nick || '—'} />
            <Field label={t('customer.channel')} value={t(channelKey(info.customer.channelType))} />
            <Field label={t('customer.account')} value={info.account.nick ? `${info.account.nick} (${info.account.accountId})` : info.account.accountId} />
          </Section>
          <Section title={t('customer.session')}>
            <Field label={t('customer.sessionId')} value={info.session.sessionId} mono />
            <Field label={t('customer.startedAt')} value={when(info.session.startedAt)} />
            {info.session.queuedAt ? <Field label={t('customer.queuedAt')} value={when(info.session.queuedAt)} /> : null}
            <Field label={t('customer.assignedAt')} value={when(info.session.assignedAt)} />
            {info.session.acceptedAt ? <Field label={t('customer.acceptedAt')} value={when(info.session.acceptedAt)} /> : null}
            {info.session.endedAt ? <Field label={t('customer.endedAt')} value={when(info.session.endedAt)} /> : null}
            {info.session.endStatus ? <Field label={t('customer.endStatus')} value={t(`endStatus.${info.session.endStatus}`)} /> : null}
            {info.session.satisfaction ? <Field label={t('customer.satisfaction')} value={t('sessions.rated', { n: info.session.satisfaction })} /> : null}
            {info.session.isContactUser ? <Field label={t('customer.origin')} value={t('sessions.contacted')} /> : null}
          </Section>
          <Section title={t('customer.notes')}>
            <Field label={t('customer.mark')} value={info.session.mark || '—'} testId="customer-mark" />
            <Field label={t('customer.starred')} value={info.session.starred ? t('common.yes') : t('common.no')} />
          </Section>
          <Section title={t('customer.history')}>
            <p class="muted small" data-testid="customer-past-sessions">
              {info.customer.pastSessions > 0 ? t('customer.pastSessions', { n: info.customer.pastSessions }) : t('customer.firstSession')}
            </p>
          </Section>
        </div>
      )}
    </aside>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="panel-section">
      <h3>{title}</h3>
      <dl>{children}</dl>
    </section>
  );
}

function Field({ label, value, testId, mono }: { label: string; value: string; testId?: string; mono?: boolean }) {
  return (
    <div class="panel-field">
      <dt>{label}</dt>
      <dd class={mono ? 'mono' : undefined} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

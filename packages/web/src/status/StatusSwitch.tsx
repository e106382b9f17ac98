// 示闲 / 示忙 / 小休 (with a reason) / 下线: the agent's status as the server has it, and the menu to change it.
import { useCallback, useRef, useState } from 'preact/hooks';
import type { AgentStatus } from '../app-events';
import { useT } from '../i18n';
import { useStore } from '../state/store';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toasts';
import { useDismiss } from '../ui/useDismiss';
import { changeStatus, REST_REASON_MAX, STATUSES, statusStore } from './status-store';

export function StatusDot({ status }: { status: AgentStatus }) {
  return <span class={`status-dot status-${status}`} aria-hidden="true" />;
}

export function StatusSwitch() {
  const t = useT();
  const { status, restReason, saving, changedBy } = useStore(statusStore, (s) => s);
  const [open, setOpen] = useState(false);
  const [askingReason, setAskingReason] = useState(false);
  const [reason, setReason] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    setAskingReason(false);
  }, []);
  useDismiss(root, open, close);

  const choose = async (next: AgentStatus, why?: string) => {
    close();
    try {
      await changeStatus(next, why);
    } catch (error) {
      toast.error(error);
    }
  };

  const bySystem = changedBy?.startsWith('system:');
  const label = status === 'rest' && restReason ? `${t('status.rest')} · ${restReasonText(restReason, t)}` : t(`status.${status}`);
  return (
    <div class="status-switch" ref={root}>
      <button
        type="button"
        class={`status-button status-${status}`}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={saving}
        data-testid="status-switch"
        data-status={status}
        title={bySystem ? t('status.changedBySystem') : t('status.change')}
        onClick={() => setOpen(!open)}
      >
        <StatusDot status={status} />
        <span class="status-label">{label}</span>
        <Icon name="chevron-down" size={16} />
      </button>
      {open ? (
        <div class="menu status-menu" role="menu" aria-label={t('status.change')}>
          {STATUSES.map((option) => (
            <button
              key={option}
              type="button"
              role="menuitemradio"
              aria-checked={status === option}
              class="menu-item"
              data-testid="status-option"
              data-status={option}
              onClick={() => (option === 'rest' ? setAskingReason(true) : void choose(option))}
            >
              <StatusDot status={option} />
              <span class="menu-item-text">
                <strong>{t(`status.${option}`)}</strong>
                <small>{t(`status.${option}.hint`)}</small>
              </span>
              {status === option ? <Icon name="check" size={16} /> : null}
            </button>
          ))}
          {askingReason ? (
            <form
              class="rest-form"
              onSubmit={(event) => {
                event.preventDefault();
                void choose('rest', reason);
              }}
            >
              <label class="field compact">
                <span>{t('status.restReason')}</span>
                <input
                  data-testid="rest-reason"
                  data-autofocus
                  ref={(input) => input?.focus()}
                  maxLength={REST_REASON_MAX}
                  value={reason}
                  placeholder={t('status.restReasonPlaceholder')}
                  onInput={(event) => setReason(event.currentTarget.value)}
                />
              </label>
              <button type="submit" class="button primary small" data-testid="rest-confirm">
                {t('status.startRest')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The system's reason codes in words (the agent's own reasons as typed). */
function restReasonText(reason: string, t: (key: string) => string): string {
  return reason === 'accept-timeout' ? t('status.reason.acceptTimeout') : reason;
}

// 会话转接 (spec 03 §1.7): to a member (online, with room; searched by nickname or account) or to a
// group (its idle agents shown before transferring).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { agentsStore, canTakeTransfer, groupsOf, loadAgents, type GroupSummary } from '../agents/agents-store';
import type { AgentEntry } from '../api/types';
import { useT, type Translate } from '../i18n';
import { useStore } from '../state/store';
import { StatusDot } from '../status/StatusSwitch';
import { Avatar } from '../ui/Avatar';
import { Dialog, DialogButtons } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorText } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { SearchBox } from '../ui/SearchBox';

export type TransferTarget = { memberId: string } | { groupId: number };

export interface TransferDialogProps {
  me: string;
  onClose(): void;
  /** Resolves when the transfer is done (the dialog closes), rejects to stay open. */
  onTransfer(target: TransferTarget): Promise<unknown>;
}

/** Members matching the search (nickname, email or id), the ones who can take the session first. */
export function filterMembers(agents: AgentEntry[], me: string, q: string): AgentEntry[] {
  const needle = q.trim().toLowerCase();
  return agents
    .filter((a) => a.memberId !== me)
    .filter((a) => !needle || a.nick.toLowerCase().includes(needle) || a.email.toLowerCase().includes(needle) || a.memberId.includes(needle))
    .sort((a, b) => Number(canTakeTransfer(b, me)) - Number(canTakeTransfer(a, me)) || Number(b.online) - Number(a.online) || a.nick.localeCompare(b.nick));
}

export function filterGroups(groups: GroupSummary[], q: string): GroupSummary[] {
  const needle = q.trim().toLowerCase();
  return groups.filter((g) => !needle || g.name.toLowerCase().includes(needle));
}

export function TransferDialog({ me, onClose, onTransfer }: TransferDialogProps) {
  const t = useT();
  const { items: agents, loading, error: loadError } = useStore(agentsStore, (s) => s);
  const [tab, setTab] = useState<'member' | 'group'>('member');
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<TransferTarget | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => void loadAgents().catch(() => undefined), []); // fresh statuses and loads each time it opens

  const members = useMemo(() => filterMembers(agents, me, q), [agents, me, q]);
  const groups = useMemo(() => filterGroups(groupsOf(agents, me), q), [agents, me, q]);

  const switchTab = (next: 'member' | 'group') => {
    setTab(next);
    setChosen(undefined);
  };

  const confirm = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      await onTransfer(chosen);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('transfer.title')}
      onClose={onClose}
      testId="transfer-dialog"
      size="large"
      footer={
        <>
          {/* In the footer, beside the button: the list above may be scrolled. */}
          <ErrorAlert error={error} class="footer-error" />
          <DialogButtons label={t('transfer.confirm')} onCancel={onClose} onConfirm={() => void confirm()} busy={busy} disabled={!chosen} testId="transfer-confirm" />
        </>
      }
    >
      <div class="segmented" role="tablist" aria-label={t('transfer.title')}>
        <button type="button" role="tab" aria-selected={tab === 'member'} class={tab === 'member' ? 'active' : ''} data-testid="transfer-tab-member" onClick={() => switchTab('member')}>
          <Icon name="user" size={16} /> {t('transfer.toMember')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'group'} class={tab === 'group' ? 'active' : ''} data-testid="transfer-tab-group" onClick={() => switchTab('group')}>
          <Icon name="users" size={16} /> {t('transfer.toGroup')}
        </button>
      </div>
      <SearchBox label={t(tab === 'member' ? 'transfer.searchMembers' : 'transfer.searchGroups')} value={q} onValue={setQ} data-autofocus data-testid="transfer-search" />
      <div class="choice-list" role="radiogroup" aria-label={t(tab === 'member' ? 'transfer.toMember' : 'transfer.toGroup')}>
        {loading && agents.length === 0 ? <p class="muted">{t('common.loading')}</p> : null}
        {loadError && agents.length === 0 ? <p class="form-error">{errorText(loadError, t)}</p> : null}
        {tab === 'member'
          ? members.map((agent) => (
              <MemberChoice
                key={agent.memberId}
                agent={agent}
                me={me}
                t={t}
                checked={'memberId' in (chosen ?? {}) && (chosen as { memberId: string }).memberId === agent.memberId}
                onChoose={() => setChosen({ memberId: agent.memberId })}
              />
            ))
          : groups.map((group) => (
              <GroupChoice
                key={group.groupId}
                group={group}
                t={t}
                checked={'groupId' in (chosen ?? {}) && (chosen as { groupId: number }).groupId === group.groupId}
                onChoose={() => setChosen({ groupId: group.groupId })}
              />
            ))}
        {!loading && (tab === 'member' ? members.length === 0 : groups.length === 0) ? <p class="muted empty-choice">{t(tab === 'member' ? 'transfer.noMembers' : 'transfer.noGroups')}</p> : null}
      </div>
    </Dialog>
  );
}

function MemberChoice({ agent, me, t, checked, onChoose }: { agent: AgentEntry; me: string; t: Translate; checked: boolean; onChoose(): void }) {
  const selectable = canTakeTransfer(agent, me);
  const reason = !agent.online ? t('transfer.offline') : agent.load >= agent.capacity ? t('transfer.full') : '';
  return (
    <label class={`choice${checked ? ' checked' : ''}${selectable ? '' : ' disabled'}`} data-testid="transfer-member" data-member-id={agent.memberId} data-available={selectable}>
      <input type="radio" name="transfer-target" checked={checked} disabled={!selectable} onChange={onChoose} />
      <Avatar id={agent.memberId} name={agent.nick || agent.email} size={34} />
      <span class="choice-text">
        <span class="choice-title">
          {agent.nick || agent.email}
          <span class="muted small"> {agent.email}</span>
        </span>
        <span class="choice-sub">
          <StatusDot status={agent.status} /> {t(`status.${agent.status}`)}
          {agent.status === 'rest' && agent.restReason ? ` · ${agent.restReason}` : ''}
          {agent.groups.length ? <span class="muted"> · {agent.groups.map((g) => g.name).join(', ')}</span> : null}
        </span>
      </span>
      <LoadMeter load={agent.load} capacity={agent.capacity} t={t} />
      {reason ? <span class="chip chip-muted">{reason}</span> : null}
    </label>
  );
}

function GroupChoice({ group, t, checked, onChoose }: { group: GroupSummary; t: Translate; checked: boolean; onChoose(): void }) {
  const selectable = group.available > 0; // routing picks an idle agent with room, or refuses
  return (
    <label class={`choice${checked ? ' checked' : ''}${selectable ? '' : ' disabled'}`} data-testid="transfer-group" data-group-id={group.groupId} data-available={group.available > 0}>
      <input type="radio" name="transfer-target" checked={checked} disabled={!selectable} onChange={onChoose} />
      <span class="avatar avatar-group" aria-hidden="true">
        <Icon name="users" size={16} />
      </span>
      <span class="choice-text">
        <span class="choice-title">{group.name}</span>
        <span class="choice-sub">{t('transfer.groupCounts', { idle: group.available, online: group.online, members: group.members })}</span>
      </span>
      <span class={`chip ${group.available > 0 ? 'chip-ok' : 'chip-muted'}`}>{t('transfer.idleCount', { n: group.available })}</span>
    </label>
  );
}

function LoadMeter({ load, capacity, t }: { load: number; capacity: number; t: Translate }) {
  const ratio = capacity > 0 ? Math.min(1, load / capacity) : 1;
  return (
    <span class="load-meter" title={t('transfer.load', { load, capacity })}>
      <span class="load-bar" aria-hidden="true">
        <span class={`load-fill${ratio >= 1 ? ' full' : ratio >= 0.7 ? ' high' : ''}`} style={`width:${Math.round(ratio * 100)}%`} />
      </span>
      <span class="small">{t('transfer.load', { load, capacity })}</span>
    </span>
  );
}

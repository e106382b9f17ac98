// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import type { AgentEntry } from '../src/api/types';
import { agentsStore, groupsOf } from '../src/agents/agents-store';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { filterGroups, filterMembers, TransferDialog } from '../src/transfer/TransferDialog';
import { click, fakeFetch, key, mount, settle, type } from './support/dom';

// 会话转接: who can take the session (online, with room), found by nickname or account, and groups
// with their available agents; the server's refusal stays in the dialog.

const ME = 'ann@example.com';
const sales = { groupId: 7, name: 'Sales' };
const support = { groupId: 9, name: 'Support' };

function agent(memberId: string, nick: string, patch: Partial<AgentEntry> = {}): AgentEntry {
  return {
    memberId,
    nick,
    email: memberId,
    roles: ['staff'],
    status: 'idle',
    restReason: '',
    statusSince: null,
    online: true,
    load: 1,
    capacity: 5,
    available: true,
    openSessions: 1,
    lastSeenAt: null,
    groups: [],
    ...patch,
  };
}

const AGENTS: AgentEntry[] = [
  agent(ME, 'Ann', { groups: [sales] }),
  agent('bob@example.com', 'Bob', { groups: [sales] }),
  agent('cara@example.com', 'Cara', { status: 'offline', online: false, available: false, groups: [support] }),
  agent('dan@example.com', 'Dan', { status: 'busy', available: false, load: 5, capacity: 5, groups: [support] }),
  agent('eve@example.com', 'Eve', { status: 'rest', restReason: 'Lunch', available: false, groups: [support] }),
];

describe('transfer choices', () => {
  it('lists everyone but me, those who can take it first, searched by nickname or account', () => {
    expect(filterMembers(AGENTS, ME, '').map((a) => a.nick)).toEqual(['Bob', 'Eve', 'Dan', 'Cara']);
    expect(filterMembers(AGENTS, ME, 'ca').map((a) => a.nick)).toEqual(['Cara']);
    expect(filterMembers(AGENTS, ME, 'DAN@EXAMPLE').map((a) => a.nick)).toEqual(['Dan']);
    expect(filterMembers(AGENTS, ME, 'nobody')).toEqual([]);
  });

  it('counts each group’s other members, online and available', () => {
    const groups = groupsOf(AGENTS, ME);
    expect(groups).toEqual([
      { groupId: 7, name: 'Sales', members: 1, online: 1, available: 1 },
      { groupId: 9, name: 'Support', members: 3, online: 2, available: 0 },
    ]);
    expect(filterGroups(groups, 'sup').map((g) => g.name)).toEqual(['Support']);
  });
});

describe('TransferDialog', () => {
  beforeEach(() => {
    setLocale('en-US');
    agentsStore.set({ items: AGENTS, loading: false, error: undefined });
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/workbench/agents': () => ({ items: AGENTS }) }).fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('only online members with room can be chosen; confirming transfers to the chosen one', async () => {
    const onTransfer = vi.fn(async () => undefined);
    const view = mount(<TransferDialog me={ME} onClose={vi.fn()} onTransfer={onTransfer} />);
    await settle();
    const choice = (id: string) => view.container.querySelector<HTMLElement>(`[data-testid="transfer-member"][data-member-id="${id}"]`)!;
    const radio = (id: string) => choice(id).querySelector('input')!;
    expect(view.all('transfer-member').map((el) => el.dataset.memberId)).toEqual(['bob@example.com', 'eve@example.com', 'dan@example.com', 'cara@example.com']);
    expect(radio('bob@example.com').disabled).toBe(false);
    expect(radio('eve@example.com').disabled).toBe(false); // on a break but online with room: the server accepts her
    expect(radio('dan@example.com').disabled).toBe(true);
    expect(choice('dan@example.com').textContent).toContain('Full');
    expect(radio('cara@example.com').disabled).toBe(true);
    expect(choice('cara@example.com').textContent).toContain('Offline');
    expect(choice('eve@example.com').textContent).toContain('Lunch');
    expect(choice('bob@example.com').textContent).toContain('1/5');

    const confirm = view.get('transfer-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    click(radio('bob@example.com'));
    expect(confirm.disabled).toBe(false);
    click(confirm);
    await settle();
    expect(onTransfer).toHaveBeenCalledWith({ memberId: 'bob@example.com' });
    view.unmount();
  });

  it('searches, and transfers to a group that has someone available', async () => {
    const onTransfer = vi.fn(async () => undefined);
    const view = mount(<TransferDialog me={ME} onClose={vi.fn()} onTransfer={onTransfer} />);
    await settle();
    type(view.get('transfer-search') as HTMLInputElement, 'bo');
    expect(view.all('transfer-member').map((el) => el.dataset.memberId)).toEqual(['bob@example.com']);

    click(view.get('transfer-tab-group'));
    type(view.get('transfer-search') as HTMLInputElement, '');
    const groups = view.all('transfer-group');
    expect(groups.map((el) => el.dataset.groupId)).toEqual(['7', '9']);
    expect(groups[1].textContent).toContain('0 available · 2 online · 3 members');
    expect(groups[1].querySelector('input')!.disabled).toBe(true);
    click(groups[0].querySelector('input')!);
    click(view.get('transfer-confirm'));
    await settle();
    expect(onTransfer).toHaveBeenCalledWith({ groupId: 7 });
    view.unmount();
  });

  it('shows the server’s refusal in the dialog and stays open', async () => {
    const onTransfer = vi.fn(async () => {
      throw new ApiError(409, 141012, 'bob@example.com is serving 5 of 5 sessions');
    });
    const view = mount(<TransferDialog me={ME} onClose={vi.fn()} onTransfer={onTransfer} />);
    await settle();
    click(view.container.querySelector('[data-member-id="bob@example.com"] input')!);
    click(view.get('transfer-confirm'));
    await settle();
    expect(view.container.querySelector('[role="alert"]')!.textContent).toContain('That agent has no room for another conversation.');
    expect((view.get('transfer-confirm') as HTMLButtonElement).disabled).toBe(false);
    view.unmount();
  });

  it('closes on Esc and keeps Tab inside the dialog', async () => {
    const onClose = vi.fn();
    const view = mount(<TransferDialog me={ME} onClose={onClose} onTransfer={vi.fn()} />);
    await settle();
    const dialog = view.get('transfer-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(view.get('transfer-search')); // focus starts in the search
    const cancel = [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    cancel.focus();
    // Confirm is disabled, so Cancel is the last stop: Tab wraps to the first control.
    key(dialog, 'Tab');
    expect(document.activeElement).toBe(dialog.querySelector('.dialog-header button'));
    key(dialog, 'Tab', { shiftKey: true });
    expect(document.activeElement).toBe(cancel);
    key(dialog, 'Escape');
    expect(onClose).toHaveBeenCalled();
    view.unmount();
  });
});

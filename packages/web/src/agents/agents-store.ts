// The app's agents with status, load and capacity (GET /api/workbench/agents): names for the chat
// ("who said what") and the transfer dialog's choices.
import type { AgentEntry } from '../api/types';
import { workbenchApi } from '../api/workbench';
import { createStore } from '../state/store';

export const agentsStore = createStore<{ items: AgentEntry[]; loadedAt: number; loading: boolean; error?: unknown }>({ items: [], loadedAt: 0, loading: false });

export async function loadAgents(): Promise<void> {
  agentsStore.set({ loading: true });
  try {
    const { items } = await workbenchApi.agents();
    agentsStore.set({ items, loadedAt: Date.now(), loading: false, error: undefined });
  } catch (error) {
    agentsStore.set({ loading: false, error });
    throw error;
  }
}

export const nickOf = (items: AgentEntry[], memberId: string | undefined) => (memberId ? (items.find((a) => a.memberId === memberId)?.nick ?? memberId) : '');

export interface GroupSummary {
  groupId: number;
  name: string;
  members: number;
  online: number;
  /** Idle with room: could take the session now. */
  available: number;
}

/** The groups the agents belong to, with how many others in each are online and available (for "transfer to a group"). */
export function groupsOf(agents: AgentEntry[], me: string): GroupSummary[] {
  const byId = new Map<number, GroupSummary>();
  for (const agent of agents) {
    if (agent.memberId === me) continue; // routing skips the agent who transfers
    for (const group of agent.groups) {
      const summary = byId.get(group.groupId) ?? { groupId: group.groupId, name: group.name, members: 0, online: 0, available: 0 };
      summary.members += 1;
      if (agent.online) summary.online += 1;
      if (agent.available) summary.available += 1;
      byId.set(group.groupId, summary);
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Who may take a transfer: someone else who is online and under capacity (the server's rule). */
export const canTakeTransfer = (agent: AgentEntry, me: string) => agent.memberId !== me && agent.online && agent.load < agent.capacity;

// The agent's status as the server has it: read on login, changed by the agent (PUT) and by the
// system (AgentStatusChanged on the socket, e.g. rest after an accept timeout).
import type { AgentStatus } from '../app-events';
import { appEvents } from '../app-events';
import { workbenchApi } from '../api/workbench';
import type { StatusView } from '../api/types';
import { createStore } from '../state/store';

export const STATUSES: AgentStatus[] = ['idle', 'busy', 'rest', 'offline'];
export const REST_REASON_MAX = 50;

export interface StatusState {
  status: AgentStatus;
  restReason: string;
  since?: string | null;
  /** A change the agent asked for is on its way. */
  saving: boolean;
  /** Changed by the system rather than the agent (shown in the switch). */
  changedBy?: string;
}

export const statusStore = createStore<StatusState>({ status: 'offline', restReason: '', saving: false });

function apply(view: Pick<StatusView, 'status' | 'restReason'> & { statusSince?: string | null }, changedBy?: string): void {
  const previous = statusStore.get();
  statusStore.set({ status: view.status, restReason: view.restReason ?? '', since: view.statusSince ?? previous.since, changedBy });
  if (previous.status !== view.status || previous.restReason !== (view.restReason ?? '')) {
    appEvents.emit({ type: 'statusChanged', status: view.status, ...(view.restReason ? { reason: view.restReason } : {}) });
  }
}

export async function loadStatus(): Promise<void> {
  apply(await workbenchApi.status());
}

export async function changeStatus(status: AgentStatus, reason?: string): Promise<void> {
  statusStore.set({ saving: true });
  try {
    apply(await workbenchApi.setStatus(status, status === 'rest' ? reason?.trim() : undefined));
  } finally {
    statusStore.set({ saving: false });
  }
}

/** AgentStatusChanged from the agent stream: `{memberId, status, restReason, changedBy}`. */
export function applyStatusEvent(payload: Record<string, unknown>, at: number): void {
  const status = payload.status as AgentStatus;
  if (!STATUSES.includes(status)) return;
  apply({ status, restReason: String(payload.restReason ?? ''), statusSince: new Date(at).toISOString() }, String(payload.changedBy ?? ''));
}

// The selected session's details (GET /api/workbench/sessions/:id): its state for the chat header and
// the customer panel. Read on selection and again whenever the socket says the session changed.
import type { SessionInfo, SessionView } from '../api/types';
import { workbenchApi } from '../api/workbench';
import { createStore } from '../state/store';

export interface InfoEntry {
  info?: SessionInfo;
  loading: boolean;
  error?: unknown;
}

export const infoStore = createStore<{ byId: Record<string, InfoEntry> }>({ byId: {} });

function setEntry(sessionId: string, change: (entry: InfoEntry) => Partial<InfoEntry>): void {
  infoStore.set((state) => {
    const current = state.byId[sessionId] ?? { loading: false };
    return { byId: { ...state.byId, [sessionId]: { ...current, ...change(current) } } };
  });
}

export async function loadInfo(sessionId: string): Promise<void> {
  setEntry(sessionId, () => ({ loading: true }));
  try {
    const info = await workbenchApi.info(sessionId);
    setEntry(sessionId, () => ({ info, loading: false, error: undefined }));
  } catch (error) {
    setEntry(sessionId, () => ({ loading: false, error }));
    throw error;
  }
}

/** An action's answer: the session's state after it. */
export function applySessionView(view: SessionView): void {
  setEntry(view.sessionId, (entry) => (entry.info ? { info: { ...entry.info, session: { ...entry.info.session, ...view } } } : {}));
}

// The header's actions on the agent's own session. Each answer (the session's new state) updates the
// header and the lists at once; errors go to a toast with the server's reason.
import type { SessionView } from '../api/types';
import { workbenchApi } from '../api/workbench';
import { applySessionView } from '../customer/info-store';
import { patchItem, refreshSoon, removeItem } from '../sessions/session-store';
import { toast } from '../ui/toasts';

/** Errors become a toast, or (`inline`, for dialogs that show them) are thrown back. */
async function run(sessionId: string, call: () => Promise<SessionView>, successKey: string | undefined, inline = false): Promise<SessionView | undefined> {
  try {
    const view = await call();
    applySessionView(view);
    patchItem(sessionId, { state: view.state, suspended: view.suspended, mark: view.mark, starred: view.starred, agentId: view.agentId, endStatus: view.endStatus });
    if (successKey) toast.success(successKey);
    return view;
  } catch (error) {
    if (inline) throw error;
    toast.error(error);
    return undefined;
  }
}

export const sessionActions = {
  end: (sessionId: string) =>
    run(sessionId, () => workbenchApi.end(sessionId), 'actions.ended').then((view) => {
      if (view) removeItem('mine', sessionId);
      refreshSoon('mine');
      refreshSoon('history');
      return view;
    }),
  suspend: (sessionId: string) => run(sessionId, () => workbenchApi.suspend(sessionId), 'actions.suspended'),
  resume: (sessionId: string) => run(sessionId, () => workbenchApi.unsuspend(sessionId), 'actions.resumed'),
  // The star itself shows the change: no notice.
  star: (sessionId: string, starred: boolean) => run(sessionId, () => workbenchApi.mark(sessionId, { starred }), undefined),
  mark: (sessionId: string, mark: string) => run(sessionId, () => workbenchApi.mark(sessionId, { mark }), 'actions.marked', true),
  inviteRating: (sessionId: string) => run(sessionId, () => workbenchApi.inviteRating(sessionId), 'actions.ratingInvited'),
  transfer: (sessionId: string, target: { memberId: string } | { groupId: number }) =>
    run(sessionId, () => workbenchApi.transfer(sessionId, target), 'actions.transferred', true).then((view) => {
      if (view) removeItem('mine', sessionId);
      refreshSoon('mine');
      return view;
    }),
};

/** Mark is at most 200 bytes of UTF-8 (spec 05 §3.10). */
export const MARK_MAX_BYTES = 200;
export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

// What the socket's frames mean for the workbench: the lists, the conversations, the status, and
// the appEvents the outside hears (callIn, userAccessed, transfer, autoTransfer, sessionEnded,
// statusChanged, newMessage, internalMessage).
import type { SessionEventPayload } from '@parley/protocol';
import { appEvents } from '../app-events';
import type { SessionItem, SocketFrame, StreamEvent } from '../api/types';
import { applyConversationEvent, resumeCursors } from '../chat/conversation-store';
import type { ChatMessage } from '../chat/chat-message';
import { findItem, markUnread, patchItem, refresh, refreshSoon, removeItem, sessionStore } from '../sessions/session-store';
import { applyStatusEvent } from '../status/status-store';
import { WorkbenchConnection, type Cursors } from './connection';

type Listener = (sessionId: string) => void;
const sessionListeners = new Set<Listener>();

/** Something about a session changed (state, agent, end): views showing it read it again. */
export function onSessionChanged(listener: Listener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}
const sessionChanged = (sessionId: string) => sessionListeners.forEach((listener) => listener(sessionId));

/** Conversation events that end a session, and who ended it (spec 03 §2.7 closeBy). */
const CLOSE_BY: Record<string, 'client' | 'seat' | 'admin' | 'timer'> = {
  SessionUserEnd: 'client',
  SessionAgentEnd: 'seat',
  SessionUserTimeoutEnd: 'timer',
  SessionAgentTimeoutEnd: 'timer',
  SessionPendingAutoFinishEnd: 'timer',
};
const STATE_EVENTS = new Set(['TransferToHumanSuccess', 'AgentForward', 'MemberAccessTimeout', 'SessionEnd', 'SatisfactionSelected']);

/**
 * Changes made elsewhere (REST suspend_session, unsuspend_session, mark_session, another tab) that
 * the lists show at once: what each event sets on the session's row.
 */
export function sessionPatchOf(event: StreamEvent): Partial<SessionItem> | undefined {
  const payload = event.payload as Partial<Pick<SessionEventPayload, 'mark' | 'starred'>>;
  switch (event.type) {
    case 'SessionSuspended':
      return { suspended: true };
    case 'SessionUnsuspended':
      return { suspended: false };
    case 'SessionMarked':
      return { ...(typeof payload.mark === 'string' ? { mark: payload.mark } : {}), ...(typeof payload.starred === 'boolean' ? { starred: payload.starred } : {}) };
    default:
      return undefined;
  }
}
/** Replayed events older than this (at connect time) are history, not news. */
const FRESH_SLACK_MS = 5_000;

export interface LiveOptions {
  memberId: string;
  sdkAppId: number;
  /** Short text of a message for previews and notifications. */
  preview(message: ChatMessage): string;
  /** Tells the agent (a toast) about something that happened to their sessions. */
  notice(key: string, params?: Record<string, string | number>): void;
}

/** One logged-in workbench's live side: start on login, stop on logout. */
export class Live {
  private connection: WorkbenchConnection;
  private agentSeq?: number;
  private connectedAt = 0;
  /** Sessions whose conversation resumed from a cursor: everything they deliver is new. */
  private resumed = new Set<string>();
  /** When each session came to the agent (server time): the replay of what came before is history. */
  private followedAt = new Map<string, number>();
  private closeBy = new Map<string, 'client' | 'seat' | 'admin' | 'timer'>();
  /** Offers not yet accepted: their SessionAssigned is the acceptance, not a new session. */
  private offered = new Set<string>();
  private readyOnce = false;

  constructor(
    private options: LiveOptions,
    onAuthLost: () => void,
  ) {
    this.connection = new WorkbenchConnection({ cursors: () => this.cursors(), onFrame: (frame) => this.onFrame(frame), onAuthLost });
  }

  start(): void {
    this.connection.start();
  }

  stop(): void {
    this.connection.stop();
  }

  private cursors(): Cursors {
    const open = sessionStore.get().lists.mine.items.map((item) => item.sessionId);
    const resume = resumeCursors(open);
    this.resumed = new Set(resume.map((entry) => entry.slice(0, entry.lastIndexOf(':'))));
    this.connectedAt = Date.now();
    return { after: this.agentSeq, resume };
  }

  onFrame(frame: SocketFrame): void {
    switch (frame.type) {
      case 'ready':
        this.agentSeq = Math.max(this.agentSeq ?? 0, frame.after);
        for (const session of frame.sessions) if (session.state === 'WaitingForAgentAnswering') this.offered.add(session.sessionId);
        void refresh('mine').catch(() => undefined);
        if (!this.readyOnce) appEvents.emit({ type: 'ready', memberId: this.options.memberId, sdkAppId: this.options.sdkAppId });
        this.readyOnce = true;
        return;
      case 'agent':
        this.agentSeq = Math.max(this.agentSeq ?? 0, frame.event.seq);
        return void this.onAgentEvent(frame.event);
      case 'conversation':
        return this.onConversationEvent(frame.sessionId, frame.event);
      default:
        return;
    }
  }

  private async onAgentEvent(event: StreamEvent): Promise<void> {
    const sessionId = String(event.payload.sessionId ?? '');
    const before = sessionId ? findItem(sessionId) : undefined;
    const wasOffered = this.offered.delete(sessionId);
    if (event.type === 'SessionOffered') this.offered.add(sessionId);
    switch (event.type) {
      case 'AgentStatusChanged':
        return applyStatusEvent(event.payload, event.at);
      case 'InternalMessage':
        return this.onInternalMessage(event.payload);
      case 'SessionOffered':
      case 'SessionAssigned': {
        if (!this.followedAt.has(sessionId)) this.followedAt.set(sessionId, event.at);
        await refresh('mine').catch(() => undefined);
        sessionChanged(sessionId);
        if (event.type === 'SessionAssigned' && wasOffered) return appEvents.emit({ type: 'userAccessed', sessionId });
        return this.callIn(sessionId, findItem(sessionId), event.type === 'SessionOffered');
      }
      case 'SessionTransferredAway':
        appEvents.emit({ type: 'transfer', sessionId });
        this.options.notice('live.transferredAway', { name: nameOf(before, sessionId) });
        break;
      case 'SessionWithdrawn':
        if (wasOffered) {
          appEvents.emit({ type: 'autoTransfer', sessionId });
          this.options.notice('live.offerExpired', { name: nameOf(before, sessionId) });
        } else this.options.notice('live.withdrawn', { name: nameOf(before, sessionId) });
        break;
      case 'SessionClosed':
        refreshSoon('history');
        break;
      default:
        return;
    }
    removeItem('mine', sessionId);
    refreshSoon('mine');
    sessionChanged(sessionId);
  }

  private callIn(sessionId: string, item: SessionItem | undefined, offered: boolean): void {
    const deadline = item?.acceptDeadline ? new Date(item.acceptDeadline).getTime() : undefined;
    const timeout = offered && deadline ? Math.max(0, Math.round((deadline - Date.now()) / 1000)) : 0;
    appEvents.emit({ type: 'callIn', sessionId, nickname: nameOf(item, sessionId), timeout, ...(item?.channelType ? { peerSource: item.channelType } : {}) });
    this.options.notice(offered ? 'live.offered' : 'live.assigned', { name: nameOf(item, sessionId) });
  }

  private onInternalMessage(payload: Record<string, unknown>): void {
    appEvents.emit({ type: 'internalMessage', payload });
    if (payload.from === this.options.memberId) return;
    const body = Array.isArray(payload.body) ? payload.body : [];
    const preview = this.options.preview({ key: String(payload.id ?? ''), seq: 0, role: 2, speaker: 'agent', at: Date.now(), body });
    appEvents.emit({ type: 'newMessage', fromMemberId: String(payload.from ?? ''), preview });
  }

  private onConversationEvent(sessionId: string, event: StreamEvent): void {
    const added = applyConversationEvent(sessionId, event);
    if (CLOSE_BY[event.type]) this.closeBy.set(sessionId, CLOSE_BY[event.type]);
    if (event.type === 'SessionEnd') {
      appEvents.emit({ type: 'sessionEnded', sessionId, closeBy: this.closeBy.get(sessionId) ?? 'admin' });
      this.closeBy.delete(sessionId);
    }
    const patch = sessionPatchOf(event);
    if (patch) patchItem(sessionId, patch);
    if (patch || STATE_EVENTS.has(event.type)) sessionChanged(sessionId);
    if (!added) return;
    const preview = this.options.preview(added);
    patchItem(sessionId, { lastMessage: { msgKey: added.key, fromAccount: added.agentId ?? '', fromRole: added.role, preview, at: new Date(added.at).toISOString() } });
    if (added.speaker !== 'customer' || !this.isFresh(sessionId, event)) return;
    const watching = sessionStore.get().selectedId === sessionId && document.visibilityState === 'visible';
    if (!watching) markUnread(sessionId);
    appEvents.emit({ type: 'newMessage', sessionId, preview });
  }

  private isFresh(sessionId: string, event: StreamEvent): boolean {
    if (this.resumed.has(sessionId)) return true;
    const since = this.followedAt.get(sessionId);
    return since !== undefined ? event.at >= since : event.at >= this.connectedAt - FRESH_SLACK_MS;
  }
}

const nameOf = (item: SessionItem | undefined, sessionId: string) => item?.nick || item?.userId || sessionId;

// The workbench's appEvents as the SDK events of spec 03 §2.7 (name and payload).
import type { WorkbenchEvent } from '../app-events';
import { sdkStatusOf, type SdkEventName } from '../sdk/protocol';

export interface SdkEvent {
  name: SdkEventName;
  payload: Record<string, unknown>;
}

/** undefined: not an SDK event (new-message alerts and internal chat stay inside the workbench). */
export function toSdkEvent(event: WorkbenchEvent): SdkEvent | undefined {
  switch (event.type) {
    case 'ready':
      return { name: 'ready', payload: { memberId: event.memberId, sdkAppId: event.sdkAppId } };
    case 'statusChanged':
      return { name: 'statusChanged', payload: { status: sdkStatusOf(event.status), ...(event.reason ? { restReason: event.reason } : {}) } };
    case 'callIn': {
      const { sessionId, nickname, avatar, timeout, peerSource } = event;
      // Parley's sessions are online chats: type `im` (the spec's table prints 'phone' by mistake).
      return { name: 'callIn', payload: { sessionId, type: 'im', timeout, nickname, ...(avatar ? { avatar } : {}), ...(peerSource ? { peerSource } : {}) } };
    }
    case 'userAccessed':
    case 'autoTransfer':
    case 'transfer':
      return { name: event.type, payload: { sessionId: event.sessionId } };
    case 'sessionEnded':
      return { name: 'sessionEnded', payload: { sessionId: event.sessionId, closeBy: event.closeBy } };
    case 'userChanged':
      return { name: 'userChanged', payload: { sessionId: event.sessionId, callInfo: { sessionId: event.sessionId } } };
    default:
      return undefined;
  }
}

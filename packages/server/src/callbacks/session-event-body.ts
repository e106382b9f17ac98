import type { SessionEventPayload } from '@parley/protocol';
import type { StoredEvent } from '../events/index.ts';

export const SESSION_EVENT_COMMAND = 'Desk.SessionEventNotify';

/**
 * The Desk.SessionEventNotify body of a log row (spec 05 §7.2). Every key is emitted on every event,
 * as the spec's only sample does, with ""/0/false for what does not apply; MsgBody only with a message.
 */
export function sessionEventBody(event: StoredEvent): Record<string, unknown> {
  const p = event.payload as Partial<SessionEventPayload>;
  return {
    CallbackCommand: SESSION_EVENT_COMMAND,
    SessionId: p.sessionId ?? '',
    Event: event.type,
    EventTime: event.at.getTime(),
    ChannelType: p.channelType ?? '',
    ClientUserId: p.clientUserId ?? '',
    CustomerServiceId: p.customerServiceId ?? '',
    AgentId: p.agentId ?? '',
    MsgKey: p.msgKey ?? '',
    ...(p.msgBody ? { MsgBody: p.msgBody } : {}),
    CloudCustomData: p.cloudCustomData ?? '',
    IsContactUser: p.isContactUser ?? false,
    SatisfactionSelected: p.satisfactionSelected ?? 0,
    ForwardFromAgentId: p.forwardFromAgentId ?? '',
  };
}

/** `<configured url>?SdkAppid=…&CallbackCommand=…&contenttype=json&ClientIP=…&OptPlatform=RESTAPI` (spec 05 §7.0). */
export function sessionEventUrl(configured: string, sdkAppId: number, event: StoredEvent): string {
  const url = new URL(configured);
  const clientIp = event.payload.clientIp;
  url.searchParams.set('SdkAppid', String(sdkAppId));
  url.searchParams.set('CallbackCommand', SESSION_EVENT_COMMAND);
  url.searchParams.set('contenttype', 'json');
  url.searchParams.set('ClientIP', typeof clientIp === 'string' ? clientIp : '');
  url.searchParams.set('OptPlatform', 'RESTAPI');
  return url.toString();
}

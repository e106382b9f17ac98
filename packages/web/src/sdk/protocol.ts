// The postMessage protocol between the embedding SDK (sdk.js, on the integrator's page) and the
// embedded workbench (the iframe, src/embed). Both sides check who they talk to: the SDK accepts
// messages only from its iframe's window and Parley's origin; the iframe only from its parent, and
// answers to the origin the parent's message came from (which the browser sets, not the sender).
import type { AgentStatus, WorkbenchCommand } from '../app-events';

export const CHANNEL = 'parley-workbench-sdk';

/** The events of spec 03 §2.7, as `tccc.events.<name>`. */
export const SDK_EVENTS = ['ready', 'tokenExpired', 'callIn', 'userAccessed', 'autoTransfer', 'sessionEnded', 'transfer', 'statusChanged', 'userChanged'] as const;
export type SdkEventName = (typeof SDK_EVENTS)[number];

/** Spec 03 §2.5 AgentStatus, plus `offline` (Parley's agents can be offline; TCCC's SDK logs out instead). */
export type SdkStatus = 'free' | 'busy' | 'arrange' | 'notReady' | 'rest' | 'offline';

/** Page → iframe. */
export type HostMessage = { channel: typeof CHANNEL; kind: 'hello' } | { channel: typeof CHANNEL; kind: 'call'; id: number; command: WorkbenchCommand };

/** Iframe → page. */
export type FrameMessage =
  | { channel: typeof CHANNEL; kind: 'welcome'; status: SdkStatus }
  | { channel: typeof CHANNEL; kind: 'event'; name: SdkEventName; payload: Record<string, unknown> }
  | { channel: typeof CHANNEL; kind: 'result'; id: number; ok: boolean; error?: string };

export const isChannelMessage = (data: unknown): data is { channel: typeof CHANNEL; kind: string } =>
  typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === CHANNEL && typeof (data as { kind?: unknown }).kind === 'string';

/** How the SDK names Parley's statuses: 示忙 (notReady) is an agent's own "busy"; the spec's `busy` means on a call. */
const TO_SDK: Record<AgentStatus, SdkStatus> = { idle: 'free', busy: 'notReady', rest: 'rest', offline: 'offline' };

export const sdkStatusOf = (status: AgentStatus): SdkStatus => TO_SDK[status] ?? 'offline';

/**
 * A spec 03 §2.6 setStatus value as a Parley status: free and stopNotReady (停止示忙) → idle,
 * notReady (and busy) → busy, rest → rest, offline → offline. `arrange` (话后整理, after-call work)
 * belongs to phone calls, which Parley does not have.
 */
export function parleyStatusOf(status: unknown): AgentStatus | { error: string } {
  switch (status) {
    case 'free':
    case 'stopNotReady':
      return 'idle';
    case 'notReady':
    case 'busy':
      return 'busy';
    case 'rest':
      return 'rest';
    case 'offline':
      return 'offline';
    case 'arrange':
      return { error: 'arrange (after-call wrap-up) is a phone status; Parley supports free, notReady, stopNotReady, rest and offline' };
    default:
      return { error: `Unknown status ${JSON.stringify(status)}; use free, notReady, stopNotReady, rest or offline` };
  }
}

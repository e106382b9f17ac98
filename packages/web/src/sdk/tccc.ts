// `window.tccc`: the API of spec 03 §2.5–2.7 over the channel to the embedded workbench.
import type { WorkbenchCommand } from '../app-events';
import type { CallResult } from './channel';
import { cardMessage, customMessage, orderMessage, type Built } from './messages';
import { parleyStatusOf, SDK_EVENTS, type SdkEventName, type SdkStatus } from './protocol';
import type { SdkView } from './view';

/** Spec 03 §2.5 CommonSDKResponse. */
export interface SdkResponse {
  status: 'success' | 'error';
  errorMsg?: string;
}

type Callback = (payload: Record<string, unknown>) => void;

/** What tccc needs from the page: the channel to the iframe and the view around it. */
export interface TcccDeps {
  call(command: WorkbenchCommand): Promise<CallResult>;
  view?: Pick<SdkView, 'setShown' | 'attention' | 'floating'>;
}

/** Events that happen once; a listener added later still hears them. */
const STICKY = new Set<SdkEventName>(['ready', 'tokenExpired']);
const NOT_READY = 'The workbench is not ready yet; call this after tccc.events.ready';

const success = (): SdkResponse => ({ status: 'success' });
const failure = (errorMsg: string): SdkResponse => ({ status: 'error', errorMsg });

export function createTccc(deps: TcccDeps) {
  const listeners = new Map<string, Set<Callback>>();
  const happened = new Map<SdkEventName, Record<string, unknown>>();
  let ready = false;
  let status: SdkStatus = 'offline';

  const run = async (command: WorkbenchCommand): Promise<SdkResponse> => {
    if (!ready) return failure(NOT_READY);
    const result = await deps.call(command);
    return result.ok ? success() : failure(result.error);
  };
  const send = (built: Built) => ('error' in built ? Promise.resolve(failure(built.error)) : run({ type: 'sendMessage', sessionId: built.sessionId, body: built.body }));

  const setStatus = (options?: { status?: unknown; restReason?: unknown } | null): Promise<SdkResponse> => {
    const { status: wanted, restReason } = options ?? {};
    const next = parleyStatusOf(wanted);
    if (typeof next === 'object') return Promise.resolve(failure(next.error));
    if (restReason !== undefined && typeof restReason !== 'string') return Promise.resolve(failure('restReason must be a string'));
    return run({ type: 'setStatus', status: next, ...(next === 'rest' && restReason ? { reason: restReason } : {}) });
  };
  const reportFailure = (response: SdkResponse) => {
    if (response.status === 'error') console.warn(`[tccc] ${response.errorMsg}`);
  };
  const view = (part: 'ui' | 'workbench' | 'button', on: boolean) => () => deps.view?.setShown(part, on);

  const tccc = {
    events: Object.freeze(Object.fromEntries(SDK_EVENTS.map((name) => [name, name])) as { readonly [K in SdkEventName]: K }),

    on(event: string, callback: Callback): void {
      if (typeof callback !== 'function') return;
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(callback);
      const past = happened.get(event as SdkEventName);
      if (past) queueMicrotask(() => listeners.get(event)?.has(callback) && invoke(callback, past));
    },
    off(event: string, callback: Callback): void {
      listeners.get(event)?.delete(callback);
    },

    Agent: {
      online: (): void => void setStatus({ status: 'free' }).then(reportFailure),
      offline: (): void => void setStatus({ status: 'offline' }).then(reportFailure),
      setStatus,
      getStatus: (): SdkStatus => status,
    },

    UI: {
      show: view('ui', true),
      hide: view('ui', false),
      showWorkbench: view('workbench', true),
      hideWorkbench: view('workbench', false),
      showfloatButton: view('button', true),
      hidefloatButton: view('button', false),
      selectCurrentSession(sessionId: string): Promise<SdkResponse> {
        if (typeof sessionId !== 'string' || !sessionId) return Promise.resolve(failure('selectCurrentSession needs a sessionId'));
        deps.view?.setShown('workbench', true);
        return run({ type: 'selectSession', sessionId });
      },
    },

    Chat: {
      sendCardMessage: (options: unknown) => send(cardMessage(options)),
      sendOrderMessage: (options: unknown) => send(orderMessage(options)),
      sendCustomMessage: (options: unknown) => send(customMessage(options)),
    },

    Devices: {
      /** Parley's workbench needs postMessage, WebSocket and fetch (no microphone: no calls). */
      isBrowserSupported: (): boolean => typeof WebSocket === 'function' && typeof fetch === 'function' && typeof window.postMessage === 'function',
    },
  };

  /** An event from the workbench, in spec terms. */
  function dispatch(name: SdkEventName, payload: Record<string, unknown>): void {
    if (name === 'ready') ready = true;
    if (name === 'statusChanged' && typeof payload.status === 'string') status = payload.status as SdkStatus;
    if (name === 'callIn') deps.view?.attention();
    if (STICKY.has(name)) happened.set(name, payload);
    for (const callback of [...(listeners.get(name) ?? [])]) invoke(callback, payload);
  }

  return {
    tccc,
    dispatch,
    /** The status the workbench had when the channel opened. */
    setInitialStatus: (initial: SdkStatus) => void (status = initial),
  };
}

function invoke(callback: Callback, payload: Record<string, unknown>): void {
  try {
    callback(payload);
  } catch (error) {
    console.error('[tccc] an event listener threw', error);
  }
}

export type Tccc = ReturnType<typeof createTccc>['tccc'];

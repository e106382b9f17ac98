// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appEvents } from '../src/app-events';
import { setLocale } from '../src/i18n';
import { createNotifier, notifier } from '../src/notify/notifier';
import { createSoundPlayer, type Chime } from '../src/notify/sound';

// Alerts for new sessions and messages: chime, tab-title count while the agent looks elsewhere,
// desktop notifications with permission, and an on/off switch that survives a reload.

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static asked = 0;
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.asked++;
    FakeNotification.permission = 'granted';
    return 'granted';
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

let visibility: DocumentVisibilityState = 'visible';
let focused = true;
let chimes: Chime[] = [];
let unlocks = 0;
const sound = { play: (chime: Chime) => void chimes.push(chime), unlock: () => void unlocks++ };
const made: { dispose(): void }[] = [];

function make() {
  const created = createNotifier({ window, document, sound, notificationClass: () => FakeNotification as unknown as typeof Notification, storage: () => localStorage });
  made.push(created);
  return created;
}

const away = () => {
  visibility = 'hidden';
  focused = false;
};
const back = () => {
  visibility = 'visible';
  focused = true;
  window.dispatchEvent(new Event('focus'));
};
const callIn = (sessionId = 's1', nickname = 'Ann') => appEvents.emit({ type: 'callIn', sessionId, nickname, timeout: 0 });
const customerMessage = (preview = 'Where is my parcel?') => appEvents.emit({ type: 'newMessage', sessionId: 's1', preview });

describe('notifier', () => {
  beforeEach(() => {
    setLocale('en-US');
    document.title = 'Parley Workbench';
    visibility = 'visible';
    focused = true;
    chimes = [];
    unlocks = 0;
    FakeNotification.shown = [];
    FakeNotification.permission = 'granted';
    FakeNotification.asked = 0;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
    // The module's own notifier listens too: keep it quiet so only the one under test speaks
    // (then forget the setting it stored, so each notifier made here starts as a fresh browser's).
    notifier.setEnabled(false);
    localStorage.clear();
  });
  afterEach(() => {
    for (const created of made.splice(0)) created.dispose();
    vi.restoreAllMocks();
  });

  it('chimes for a new session at the screen, without a count or a desktop notification', () => {
    make();
    callIn();
    expect(chimes).toEqual(['callIn']);
    expect(document.title).toBe('Parley Workbench');
    expect(FakeNotification.shown).toEqual([]);
    // A customer message while the agent is looking: nothing at all.
    customerMessage();
    expect(chimes).toEqual(['callIn']);
  });

  it('while away: chimes, counts in the title, shows desktop notifications; focus clears the count', () => {
    make();
    away();
    callIn('s1', 'Ann');
    customerMessage('Where is my parcel?');
    appEvents.emit({ type: 'newMessage', fromMemberId: 'bob@desk.test', preview: 'Lunch?' });
    expect(chimes).toEqual(['callIn', 'message', 'message']);
    expect(document.title).toBe('(3) Parley Workbench');
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([
      ['New session: Ann', 'A customer is waiting for you'],
      ['New message', 'Where is my parcel?'],
      ['New message from a colleague', 'Lunch?'],
    ]);
    expect(FakeNotification.shown[0].options.tag).toBe('parley-callin-s1');

    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    FakeNotification.shown[0].onclick!();
    expect(focus).toHaveBeenCalled();
    expect(FakeNotification.shown[0].closed).toBe(true);

    back();
    expect(document.title).toBe('Parley Workbench');
    // The count starts again; the title the shell sets is kept under it.
    away();
    document.title = 'Parley Workbench · Demo';
    callIn('s2');
    expect(document.title).toBe('(1) Parley Workbench · Demo');
  });

  it('a visible but unfocused page (another window, or the host page of an embedded workbench) counts as away', () => {
    make();
    focused = false;
    customerMessage();
    expect(chimes).toEqual(['message']);
    expect(document.title).toBe('(1) Parley Workbench');
    focused = true;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(document.title).toBe('Parley Workbench');
  });

  it('without permission: the chime and the count, no desktop notification', () => {
    FakeNotification.permission = 'denied';
    make();
    away();
    callIn();
    expect(chimes).toEqual(['callIn']);
    expect(document.title).toBe('(1) Parley Workbench');
    expect(FakeNotification.shown).toEqual([]);
  });

  it('turned off: silent, the count cleared, and still off after a reload', () => {
    const first = make();
    expect(first.enabled()).toBe(true);
    away();
    callIn();
    expect(document.title).toBe('(1) Parley Workbench');
    first.setEnabled(false);
    expect(document.title).toBe('Parley Workbench');
    callIn('s2');
    customerMessage();
    expect(chimes).toEqual(['callIn']);
    expect(FakeNotification.shown).toHaveLength(1);
    first.dispose();

    const reloaded = make();
    expect(reloaded.enabled()).toBe(false);
    reloaded.setEnabled(true);
    expect(unlocks).toBe(1); // switching on is a click: audio may start from it
    expect(make().enabled()).toBe(true);
  });

  it('asks for desktop permission only when the browser has not been asked', async () => {
    const created = make();
    FakeNotification.permission = 'default';
    await created.requestPermission();
    expect(FakeNotification.asked).toBe(1);
    await created.requestPermission();
    FakeNotification.permission = 'denied';
    await created.requestPermission();
    expect(FakeNotification.asked).toBe(1);
  });

  it('the workbench’s notifier listens by itself', () => {
    // Its chimes go to WebAudio (absent in jsdom); the title count shows that it heard.
    notifier.setEnabled(true);
    away();
    callIn();
    expect(document.title).toBe('(1) Parley Workbench');
    back();
    notifier.setEnabled(false);
    expect(localStorage.getItem('parley.workbench.notifications')).toBe('off');
  });
});

describe('sound', () => {
  /** Records the notes a chime schedules. */
  class FakeAudioContext {
    static made = 0;
    state: AudioContextState = 'suspended';
    currentTime = 5;
    destination = {};
    resumed = 0;
    notes: number[] = [];
    constructor() {
      FakeAudioContext.made++;
    }
    async resume() {
      this.resumed++;
      this.state = 'running';
    }
    createOscillator() {
      const notes = this.notes;
      return { type: '', frequency: { setValueAtTime: (f: number) => void notes.push(f) }, connect: (node: unknown) => node, start() {}, stop() {} };
    }
    createGain() {
      return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (node: unknown) => node };
    }
  }

  it('plays a rising three-note chime for a session and one note for a message, from one context', () => {
    let context: FakeAudioContext | undefined;
    const created = (instance: FakeAudioContext) => (context = instance);
    const Context = class extends FakeAudioContext {
      constructor() {
        super();
        created(this);
      }
    };
    const player = createSoundPlayer(() => Context as unknown as typeof AudioContext);
    player.unlock();
    expect(context!.resumed).toBe(1);
    player.play('callIn');
    player.play('message');
    expect(context!.notes).toEqual([660, 880, 1100, 880]);
    expect(FakeAudioContext.made).toBe(1);
  });

  it('is silent where WebAudio is missing', () => {
    expect(() => createSoundPlayer(() => undefined).play('callIn')).not.toThrow();
  });
});

// Alert sounds made with WebAudio (no audio files to ship or fetch): a rising three-note chime for a
// new session, one soft note for a new message.

export type Chime = 'callIn' | 'message';

const NOTES: Record<Chime, number[]> = { callIn: [660, 880, 1100], message: [880] };
const NOTE_S = 0.14;
const VOLUME = 0.18;

type AudioContextClass = typeof AudioContext;

export interface SoundPlayer {
  play(chime: Chime): void;
  /** Browsers start audio only after a user gesture: called from one (a click, a key). */
  unlock(): void;
}

/** `contextClass` is read when first needed (tests and old browsers may have none). */
export function createSoundPlayer(contextClass: () => AudioContextClass | undefined = () => globalThis.AudioContext): SoundPlayer {
  let context: AudioContext | undefined;
  const ready = (): AudioContext | undefined => {
    const Context = contextClass();
    if (!Context) return undefined;
    context ??= new Context();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    return context;
  };
  return {
    unlock: () => void ready(),
    play(chime) {
      const audio = ready();
      if (!audio) return;
      const start = audio.currentTime;
      NOTES[chime].forEach((frequency, i) => note(audio, frequency, start + i * NOTE_S));
    },
  };
}

/** One sine note with a quick attack and decay (no clicks). */
function note(audio: AudioContext, frequency: number, at: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(frequency, at);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(VOLUME, at + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + NOTE_S + 0.02);
}

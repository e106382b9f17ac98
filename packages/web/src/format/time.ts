// Times as an agent reads them: clock times today, "yesterday", dates further back; day separators.
import type { Locale, Translate } from '../i18n';

const DAY_MS = 86_400_000;

const startOfDay = (ms: number) => {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** Whole calendar days between two instants in local time (0 = same day). */
export const daysBetween = (earlier: number, later: number) => Math.round((startOfDay(later) - startOfDay(earlier)) / DAY_MS);

export const clockTime = (at: number, locale: Locale) => new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });

export const fullTime = (at: number, locale: Locale) =>
  new Date(at).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** For list items: 14:05 today, "Yesterday", a weekday within a week, else a short date. */
export function listTime(at: number, now: number, locale: Locale, t: Translate): string {
  const days = daysBetween(at, now);
  if (days <= 0) return clockTime(at, locale);
  if (days === 1) return t('time.yesterday');
  if (days < 7) return new Date(at).toLocaleDateString(locale, { weekday: 'short' });
  return new Date(at).toLocaleDateString(locale, { month: '2-digit', day: '2-digit', ...(new Date(at).getFullYear() !== new Date(now).getFullYear() ? { year: 'numeric' } : {}) });
}

/** The separator above the first message of a day. */
export function dayLabel(at: number, now: number, locale: Locale, t: Translate): string {
  const days = daysBetween(at, now);
  if (days === 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  return new Date(at).toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
}

/** 42 → "0:42", 3725 → "1:02:05"; negative counts as 0. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A waiting time in words: "3 min", "1 h 5 min", "40 s". */
export function formatWait(seconds: number, t: Translate): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t('time.seconds', { n: s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return t('time.minutes', { n: minutes });
  return t('time.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

export const toMs = (iso: string | null | undefined): number | undefined => (iso ? new Date(iso).getTime() : undefined);

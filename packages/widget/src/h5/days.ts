import type { Locale, Translate } from '@parley/chat-ui/i18n/index.ts';

export function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** "Today", "Yesterday", or the date (with the year when it is not this year). */
export function dayLabel(at: number, locale: Locale, t: Translate, now = Date.now()): string {
  if (sameDay(at, now)) return t('app.today');
  if (sameDay(at, now - 86_400_000)) return t('app.yesterday');
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, { year: sameYear ? undefined : 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(at);
}

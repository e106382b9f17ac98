// Tiny i18n for the customer chat and the workbench: two locales, flat string dictionaries that each
// folder contributes (keys prefixed by folder: `render.*`, `app.*`), `{name}` interpolation.
import type { Translate } from '../render/types.ts';

export type { Translate };
export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

/** One folder's strings for every locale. */
export type Dictionaries = Record<Locale, Record<string, string>>;

/** The first browser language we support wins (zh* → zh-CN, en* → en-US); anything else is en-US. */
export function pickLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])): Locale {
  for (const language of languages) {
    const tag = language.toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'en-US';
}

/** Merges the dictionaries for `locale` (later ones win); a missing key translates to itself. */
export function createTranslator(locale: Locale, ...dictionaries: Dictionaries[]): Translate {
  const strings: Record<string, string> = Object.assign({}, ...dictionaries.map((d) => d[locale]));
  return (key, params) => {
    const template = Object.hasOwn(strings, key) ? strings[key] : key;
    return params ? interpolate(template, params) : template;
  };
}

function interpolate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, withDate: 'none' | 'day' | 'year'): Intl.DateTimeFormat {
  const key = `${locale}|${withDate}`;
  let format = formatters.get(key);
  if (!format) {
    const date: Intl.DateTimeFormatOptions = withDate === 'none' ? {} : withDate === 'day' ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' };
    format = new Intl.DateTimeFormat(locale, { ...date, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, format);
  }
  return format;
}

/** A message time: HH:mm today, else the date and time (with the year when it is not this year). */
export function formatTime(at: number, locale: Locale, now: number = Date.now()): string {
  const when = new Date(at);
  const today = new Date(now);
  const sameYear = when.getFullYear() === today.getFullYear();
  const sameDay = sameYear && when.getMonth() === today.getMonth() && when.getDate() === today.getDate();
  return formatter(locale, sameDay ? 'none' : sameYear ? 'day' : 'year').format(when);
}

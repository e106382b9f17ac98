// The workbench's strings in zh-CN and en-US. Every folder registers its own keys (prefixed by the
// folder, e.g. `internal.send`) with `registerStrings`; components read them through `useT()`, which
// re-renders them when the agent switches the language.
import { useEffect, useMemo, useState } from 'preact/hooks';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export type Translate = (key: string, params?: Record<string, string | number>) => string;
type Dictionary = Record<string, string>;

const STORAGE_KEY = 'parley.workbench.locale';
const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': {}, 'en-US': {} };
const listeners = new Set<(locale: Locale) => void>();

/** zh* → zh-CN, anything else → en-US (the languages the workbench speaks). */
export function localeFrom(languages: readonly string[]): Locale {
  return languages.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en-US';
}

function initialLocale(): Locale {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'zh-CN' || stored === 'en-US') return stored;
  return typeof navigator === 'undefined' ? 'en-US' : localeFrom(navigator.languages?.length ? navigator.languages : [navigator.language ?? '']);
}

let current: Locale = initialLocale();

export function registerStrings(strings: Partial<Record<Locale, Dictionary>>): void {
  for (const locale of LOCALES) Object.assign(dictionaries[locale], strings[locale] ?? {});
}

export const getLocale = (): Locale => current;

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  safeStorage()?.setItem(STORAGE_KEY, locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener(locale);
}

export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The string for `key` in the current language (English, then the key itself, when missing); `{name}` takes params.name. */
export const t: Translate = (key, params) => translate(current, key, params);

export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const template = dictionaries[locale][key] ?? dictionaries['en-US'][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The current language; re-renders the component when it changes. */
export function useLocale(): Locale {
  const [locale, setState] = useState(current);
  useEffect(() => onLocaleChange(setState), []);
  return locale;
}

/** A translator bound to the current language (a new function per language, so memoised children update). */
export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => bindTo(locale), [locale]);
}

const bindTo =
  (locale: Locale): Translate =>
  (key, params) =>
    translate(locale, key, params);

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage blocked (privacy mode, sandboxed frame)
  }
}

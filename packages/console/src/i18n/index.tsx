// One i18n system for the console: typed keys (MessageKey), zh-CN and en-US complete, `{name}` placeholders.
// The language is remembered per member (localStorage keyed by member id) and, before login, per browser.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type { MessageKey } from './en';
export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en-US', label: 'English' },
];

export const messages: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = messages[locale][key] ?? messages['en-US'][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
}

const BROWSER_KEY = 'parley.console.locale';
const memberKey = (memberId: string) => `parley.console.locale.${memberId}`;

function stored(key: string): Locale | undefined {
  try {
    const value = localStorage.getItem(key);
    return value === 'zh-CN' || value === 'en-US' ? value : undefined;
  } catch {
    return undefined;
  }
}

function store(key: string, locale: Locale) {
  try {
    localStorage.setItem(key, locale);
  } catch {
    // Storage may be unavailable (private mode): the choice then lasts for this page only.
  }
}

export function initialLocale(): Locale {
  return stored(BROWSER_KEY) ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US');
}

interface I18n {
  locale: Locale;
  t: Translate;
  setLocale(locale: Locale): void;
  /** After login: the member's own choice wins; a first login keeps what the login page showed. */
  useMemberLocale(memberId: string | undefined): void;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [member, setMember] = useState<string>();
  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      store(BROWSER_KEY, next);
      if (member) store(memberKey(member), next);
      document.documentElement.lang = next;
    },
    [member],
  );
  const useMemberLocale = useCallback((memberId: string | undefined) => {
    setMember(memberId);
    if (!memberId) return;
    const mine = stored(memberKey(memberId));
    if (mine) {
      setLocaleState(mine);
      document.documentElement.lang = mine;
    } else {
      setLocaleState((current) => {
        store(memberKey(memberId), current);
        return current;
      });
    }
  }, []);
  const value = useMemo<I18n>(() => ({ locale, setLocale, useMemberLocale, t: (key, vars) => translate(locale, key, vars) }), [locale, setLocale, useMemberLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export const useT = (): Translate => useI18n().t;

/** Language tags of robot languages as people read them ('' is the default language). */
export function languageLabel(t: Translate, tag: string): string {
  if (tag === '') return t('lang.default');
  const key = `lang.${tag}` as MessageKey;
  return key in en ? t(key) : tag;
}

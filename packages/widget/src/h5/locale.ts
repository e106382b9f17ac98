import { useMemo, useState } from 'preact/hooks';
import { createTranslator, LOCALES, pickLocale, type Locale, type Translate } from '@parley/chat-ui/i18n/index.ts';
import { appStrings } from '../i18n/app.ts';
import { renderStrings } from '@parley/chat-ui/i18n/render.ts';

const STORAGE_KEY = 'parley:locale';

function savedLocale(): Locale | undefined {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return LOCALES.find((l) => l === saved);
  } catch {
    return undefined;
  }
}

/** The chat's language: the customer's choice, else the browser's; the switch remembers the choice. */
export function useLocale(): { locale: Locale; t: Translate; toggle(): void } {
  const [locale, setLocale] = useState<Locale>(() => savedLocale() ?? pickLocale());
  const t = useMemo(() => {
    document.documentElement.lang = locale;
    return createTranslator(locale, renderStrings, appStrings);
  }, [locale]);
  const toggle = () => {
    const next: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage blocked: the choice lasts for this page.
    }
    setLocale(next);
  };
  return { locale, t, toggle };
}

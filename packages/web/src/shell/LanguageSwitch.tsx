// zh-CN / en-US, remembered in this browser.
import { LOCALES, setLocale, useLocale, useT, type Locale } from '../i18n';
import { Icon } from '../ui/Icon';

const NAMES: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };

export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  return (
    <label class="select-control" title={t('shell.language')}>
      <Icon name="globe" />
      <span class="visually-hidden">{t('shell.language')}</span>
      <select value={locale} data-testid="language-switch" onChange={(event) => setLocale(event.currentTarget.value as Locale)}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

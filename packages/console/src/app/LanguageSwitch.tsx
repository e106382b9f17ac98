import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, useI18n, type Locale } from '../i18n';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return <Select<Locale> aria-label={t('app.language')} value={locale} onChange={setLocale} options={LOCALES} prefix={<GlobalOutlined />} style={{ width: 150 }} data-testid="language-switch" />;
}

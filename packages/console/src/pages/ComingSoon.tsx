import { Result } from 'antd';
import { useLocation } from 'react-router';
import { useT, type MessageKey } from '../i18n';

const TITLES: Record<string, MessageKey> = {
  '/channels': 'nav.channels',
  '/team': 'nav.team',
  '/service': 'nav.service',
  '/quick-replies': 'nav.quickReplies',
  '/callbacks': 'nav.callbacks',
  '/monitor': 'nav.monitor',
};

/** Pages of the console's second half: what they will hold and what to use meanwhile. */
export default function ComingSoon() {
  const t = useT();
  const { pathname } = useLocation();
  const title = t(TITLES[pathname] ?? 'app.name');
  return <Result status="info" title={t('common.comingSoonTitle', { page: title })} subTitle={t('common.comingSoonText')} data-testid="coming-soon" />;
}

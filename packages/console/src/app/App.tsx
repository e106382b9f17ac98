import type { ComponentType } from 'react';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { I18nProvider, useI18n } from '../i18n';
import { AuthProvider } from './auth';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

// Every page is its own chunk, loaded when its route is first opened.
const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({ Component: (await load()).default });

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <Shell />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to="robots" replace /> },
        { path: 'robots', lazy: page(() => import('../pages/robots/RobotsPage')) },
        {
          path: 'robots/:robotSlug',
          lazy: page(() => import('../pages/robots/RobotLayout')),
          children: [
            { index: true, element: <Navigate to="config" replace /> },
            { path: 'config', lazy: page(() => import('../pages/robots/ConfigPage')) },
            { path: 'faq', lazy: page(() => import('../pages/library/FaqPage')) },
            { path: 'chitchat', lazy: page(() => import('../pages/library/ChitchatPage')) },
            { path: 'publish', lazy: page(() => import('../pages/publish/PublishPage')) },
          ],
        },
        { path: 'channels', lazy: page(() => import('../pages/accounts/AccountsPage')) },
        { path: 'team', lazy: page(() => import('../pages/team/TeamPage')) },
        { path: 'service', lazy: page(() => import('../pages/settings/ServiceSettingsPage')) },
        { path: 'quick-replies', lazy: page(() => import('../pages/settings/QuickRepliesPage')) },
        { path: 'callbacks', lazy: page(() => import('../pages/callbacks/CallbacksPage')) },
        { path: 'monitor', lazy: page(() => import('../pages/monitor/MonitorPage')) },
        { path: '*', lazy: page(() => import('../pages/NotFound')) },
      ],
    },
  ],
  { basename: '/console' },
);

function Themed({ nonce }: { nonce?: string }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} csp={nonce ? { nonce } : undefined} theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1f6feb', borderRadius: 6 } }}>
      <AntApp>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App({ nonce }: { nonce?: string }) {
  return (
    <I18nProvider>
      <Themed nonce={nonce} />
    </I18nProvider>
  );
}

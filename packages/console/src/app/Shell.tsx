// The console's frame: login gate, header (app, SDKAppID, language, workbench link, member), left menu.
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Alert, Button, Card, Dropdown, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import { ApiOutlined, AppstoreOutlined, CustomerServiceOutlined, DashboardOutlined, DesktopOutlined, LogoutOutlined, RobotOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useI18n, useT } from '../i18n';
import { hasConsoleRole, hasWorkbenchRole, useAuth } from './auth';
import { LanguageSwitch } from './LanguageSwitch';
import { lastRobotSlug } from './robot-slug';

// Loaded only when nobody is logged in: a returning admin never downloads the login form.
const LoginPage = lazy(() => import('./LoginPage'));

const centered = { minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 24 } as const;

export function Shell() {
  const t = useT();
  const auth = useAuth();
  const { useMemberLocale } = useI18n();
  useEffect(() => {
    useMemberLocale(auth.member?.memberId);
  }, [auth.member?.memberId, useMemberLocale]);

  if (auth.phase === 'loading') {
    if (auth.error)
      return (
        <div style={centered}>
          <Alert
            type="error"
            showIcon
            title={t('app.loadFailed', { message: auth.error })}
            action={
              <Button type="primary" onClick={auth.retry}>
                {t('app.retry')}
              </Button>
            }
          />
        </div>
      );
    return (
      <div style={centered}>
        <Spin size="large" description={t('app.loading')} />
      </div>
    );
  }
  if (auth.phase === 'login' || !auth.member)
    return (
      <Suspense
        fallback={
          <div style={centered}>
            <Spin size="large" />
          </div>
        }
      >
        <LoginPage />
      </Suspense>
    );
  if (!hasConsoleRole(auth.member.roles)) return <NoConsoleAccess />;
  return <Frame />;
}

/** Staff belong in the workbench: say so, then take them there (the same login works there). */
function NoConsoleAccess() {
  const t = useT();
  const auth = useAuth();
  const toWorkbench = hasWorkbenchRole(auth.member!.roles);
  useEffect(() => {
    if (!toWorkbench) return;
    const timer = setTimeout(() => window.location.assign('/workbench/'), 2500);
    return () => clearTimeout(timer);
  }, [toWorkbench]);
  return (
    <div style={centered}>
      <Card style={{ maxWidth: 520 }} data-testid="staff-redirect">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('login.staffTitle')}
        </Typography.Title>
        <Typography.Paragraph>{toWorkbench ? t('login.staffText', { name: auth.member!.nick || auth.member!.email }) : t('login.noRole')}</Typography.Paragraph>
        <Space>
          {toWorkbench && (
            <Button type="primary" href="/workbench/">
              {t('login.staffGo')}
            </Button>
          )}
          <Button onClick={() => void auth.logout()}>{t('app.logout')}</Button>
        </Space>
      </Card>
    </div>
  );
}

function Frame() {
  const t = useT();
  const auth = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const inRobot = /^\/robots\/([^/]+)\//.exec(location.pathname)?.[1];
  const robot = inRobot ? decodeURIComponent(inRobot) : lastRobotSlug();

  const robotPath = (page: string) => `/robots/${encodeURIComponent(robot)}/${page}`;
  const items: MenuProps['items'] = useMemo(
    () => [
      {
        key: 'robot',
        icon: <RobotOutlined />,
        label: t('nav.robot'),
        children: [
          { key: '/robots', label: t('nav.robots') },
          { key: 'config', label: t('nav.config') },
          { key: 'faq', label: t('nav.faq') },
          { key: 'chitchat', label: t('nav.chitchat') },
          { key: 'publish', label: t('nav.publish') },
        ],
      },
      {
        key: 'human',
        icon: <CustomerServiceOutlined />,
        label: t('nav.human'),
        children: [
          { key: '/channels', label: t('nav.channels') },
          { key: '/team', label: t('nav.team') },
          { key: '/service', label: t('nav.service') },
          { key: '/quick-replies', label: t('nav.quickReplies') },
        ],
      },
      { key: '/callbacks', icon: <ApiOutlined />, label: t('nav.callbacks') },
      { key: '/monitor', icon: <DashboardOutlined />, label: t('nav.monitor') },
    ],
    [t],
  );

  // The selected entry: robot pages by their last segment, others by path.
  const robotPage = /^\/robots\/[^/]+\/(\w+)/.exec(location.pathname)?.[1];
  const selected = robotPage ?? (location.pathname.startsWith('/robots') ? '/robots' : location.pathname);

  const onMenu: MenuProps['onClick'] = ({ key }) => navigate(key.startsWith('/') ? key : robotPath(key));

  const member = auth.member!;
  const userMenu: MenuProps['items'] = [{ key: 'logout', icon: <LogoutOutlined />, label: t('app.logout'), onClick: () => void auth.logout() }];

  return (
    <Layout className="console-layout">
      <Layout.Header className="console-header">
        <AppstoreOutlined style={{ fontSize: 18, color: '#1f6feb' }} />
        <span className="console-brand">{t('app.name')}</span>
        {auth.app && (
          <Typography.Text type="secondary" data-testid="app-id" ellipsis style={{ maxWidth: 320 }}>
            {auth.app.name} · {t('app.sdkAppId', { id: auth.app.sdkAppId })}
          </Typography.Text>
        )}
        <span className="console-header-spacer" />
        {hasWorkbenchRole(member.roles) && (
          <Button type="link" icon={<DesktopOutlined />} href="/workbench/" data-testid="to-workbench">
            {t('app.workbench')}
          </Button>
        )}
        <LanguageSwitch />
        <Dropdown menu={{ items: userMenu }} trigger={['click']}>
          <Button type="text" icon={<UserOutlined />} data-testid="member-menu">
            {member.nick || member.email}
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout className="console-body">
        <Layout.Sider width={208} className="console-sider">
          <Menu mode="inline" items={items} selectedKeys={[selected]} defaultOpenKeys={['robot', 'human']} onClick={onMenu} style={{ borderInlineEnd: 0 }} data-testid="nav" />
        </Layout.Sider>
        <Layout.Content className="console-content">
          {auth.notice && <Alert type="warning" title={t('login.expired')} />}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

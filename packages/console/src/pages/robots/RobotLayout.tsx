// Every page of one robot: its header (robot picker, status, "unpublished changes", enable/disable,
// test window, publish) above the page, with the test window beside it when open.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Badge, Button, Result, Select, Space, Spin, Tag, Tooltip } from 'antd';
import { ExperimentOutlined, PoweroffOutlined, SendOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { robotsApi } from '../../api/endpoints';
import type { Robot } from '../../api/types';
import { findRobot, rememberRobot, robotPath, slugOf } from '../../app/robot-slug';
import { useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { PublishDialog } from '../publish/PublishDialog';
import { TestPanel } from '../publish/TestPanel';
import { RobotContext, type RobotContextValue } from './robot-context';

export default function RobotLayout() {
  const t = useT();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const slug = useParams().robotSlug ?? 'default';
  const [robots, setRobots] = useState<Robot[]>();
  const [languages, setLanguages] = useState<string[]>(['']);
  const [error, setError] = useState<string>();
  const [testOpen, setTestOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [publishCount, setPublishCount] = useState(0);

  const refresh = useCallback(async () => {
    try {
      const [list, langs] = await Promise.all([robotsApi.list(), robotsApi.languages(slug)]);
      setRobots(list.items);
      setLanguages(langs.items);
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [slug]);

  useEffect(() => {
    setRobots(undefined);
    void refresh();
  }, [refresh]);

  const robot = robots ? findRobot(robots, slug) : undefined;
  useEffect(() => {
    if (robot) rememberRobot(slug);
  }, [robot, slug]);

  const context = useMemo<RobotContextValue | undefined>(
    () => (robot && robots ? { robot, slug, robots, languages, refresh, openTest: () => setTestOpen(true), testOpen, publishCount } : undefined),
    [robot, slug, robots, languages, refresh, testOpen, publishCount],
  );

  if (error && !robots) return <Result status="error" title={t('app.loadFailed', { message: error })} extra={<Button onClick={() => void refresh()}>{t('app.retry')}</Button>} />;
  if (!robots) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!robot || !context) return <Result status="404" title="404" subTitle={t('app.notFound')} extra={<Button onClick={() => navigate('/robots')}>{t('app.backHome')}</Button>} />;

  const page = location.pathname.split('/').pop() ?? 'config';
  const switchRobot = (next: string) => navigate(robotPath(next, page));

  const toggleEnabled = () => {
    const enable = !robot.enabled;
    const run = async () => {
      try {
        await robotsApi.setEnabled(slug, enable);
        message.success(t(enable ? 'robots.enabledNow' : 'robots.disabledNow'));
        await refresh();
      } catch (failure) {
        message.error(t('common.error', { message: errorMessage(failure) }));
      }
    };
    if (enable) return void run();
    modal.confirm({
      title: t('robots.disableTitle', { name: robot.nickname }),
      content: t('robots.disableText'),
      okText: t('header.disable'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: run,
    });
  };

  return (
    <RobotContext.Provider value={context}>
      <div className="page-head" data-testid="robot-header">
        <Select
          aria-label={t('robots.pick')}
          value={slug}
          onChange={switchRobot}
          options={robots.map((r) => ({ value: slugOf(r), label: r.nickname }))}
          style={{ minWidth: 180 }}
          data-testid="robot-picker"
        />
        <Badge status={robot.enabled ? 'success' : 'default'} text={t(robot.enabled ? 'header.enabled' : 'header.disabled')} data-testid="robot-status" />
        {robot.hasUnpublished && (
          <Tag color="orange" data-testid="unpublished">
            {t('header.unpublished')}
          </Tag>
        )}
        <span style={{ flex: 1 }} />
        <Space wrap>
          <Button icon={<PoweroffOutlined />} onClick={toggleEnabled} data-testid="toggle-enabled" danger={robot.enabled}>
            {t(robot.enabled ? 'header.disable' : 'header.enable')}
          </Button>
          <Button icon={<ExperimentOutlined />} onClick={() => setTestOpen((open) => !open)} type={testOpen ? 'primary' : 'default'} ghost={testOpen} data-testid="test-toggle" aria-pressed={testOpen}>
            {t('header.test')}
          </Button>
          <Tooltip title={robot.hasUnpublished ? t('header.unpublished') : t('publish.upToDate')}>
            <Button type="primary" icon={<SendOutlined />} onClick={() => setPublishOpen(true)} data-testid="publish-button">
              {t('header.publish')}
            </Button>
          </Tooltip>
        </Space>
      </div>
      <div className={testOpen ? 'robot-area testing' : 'robot-area'}>
        <div className="robot-main">
          <Outlet />
        </div>
        {testOpen && <TestPanel onClose={() => setTestOpen(false)} />}
      </div>
      <PublishDialog
        open={publishOpen}
        onClose={() => setPublishOpen(false)}
        onPublished={() => {
          setPublishCount((n) => n + 1);
          void refresh();
        }}
      />
    </RobotContext.Provider>
  );
}

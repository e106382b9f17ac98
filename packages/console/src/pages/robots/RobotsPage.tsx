// Robots: the list, add (quota errors shown at the name), enable/disable.
import { useCallback, useEffect, useState } from 'react';
import { App, Badge, Button, Card, Empty, Form, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { robotsApi } from '../../api/endpoints';
import type { Robot } from '../../api/types';
import { robotPath, slugOf } from '../../app/robot-slug';
import { useT } from '../../i18n';
import { applyServerErrors, errorMessage } from '../../ui/errors';

export default function RobotsPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [robots, setRobots] = useState<Robot[]>();
  const [error, setError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [busyId, setBusyId] = useState<string>();

  const load = useCallback(async () => {
    try {
      setRobots((await robotsApi.list()).items);
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const setEnabled = (robot: Robot, enabled: boolean) => {
    const run = async () => {
      setBusyId(robot.robotId);
      try {
        await robotsApi.setEnabled(slugOf(robot), enabled);
        message.success(t(enabled ? 'robots.enabledNow' : 'robots.disabledNow'));
        await load();
      } catch (failure) {
        message.error(t('common.error', { message: errorMessage(failure) }));
      } finally {
        setBusyId(undefined);
      }
    };
    if (enabled) return void run();
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
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('robots.title')}</Typography.Title>
        <span style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-robot">
          {t('robots.add')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('robots.intro')}</Typography.Paragraph>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Robot>
          rowKey="robotId"
          loading={!robots && !error}
          dataSource={robots}
          pagination={false}
          data-testid="robots-table"
          locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={t('robots.empty')} /> }}
          columns={[
            {
              title: t('common.name'),
              dataIndex: 'nickname',
              render: (name: string, robot) => (
                <Space>
                  <Typography.Link onClick={() => navigate(robotPath(slugOf(robot), 'config'))}>{name}</Typography.Link>
                  {robot.isDefault && <Tag>{t('common.default')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('robots.id'),
              dataIndex: 'robotId',
              render: (id: string) => (
                <Typography.Text code copyable={{ text: id }}>
                  {id}
                </Typography.Text>
              ),
            },
            {
              title: t('robots.status'),
              dataIndex: 'enabled',
              width: 140,
              render: (enabled: boolean, robot) => (
                <Switch
                  checked={enabled}
                  loading={busyId === robot.robotId}
                  onChange={(next) => setEnabled(robot, next)}
                  checkedChildren={t('common.enabled')}
                  unCheckedChildren={t('common.disabled')}
                  aria-label={t('robots.status')}
                />
              ),
            },
            {
              title: t('common.status'),
              dataIndex: 'hasUnpublished',
              render: (pending: boolean) => <Badge status={pending ? 'warning' : 'success'} text={t(pending ? 'robots.unpublished' : 'robots.published')} />,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 200,
              render: (_: unknown, robot) => (
                <Space>
                  <Button size="small" onClick={() => navigate(robotPath(slugOf(robot), 'config'))}>
                    {t('robots.configure')}
                  </Button>
                  <Button size="small" onClick={() => navigate(robotPath(slugOf(robot), 'faq'))}>
                    {t('robots.library')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <AddRobotDialog
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={async (name, robotId) => {
          message.success(t('robots.created', { name }));
          setAdding(false);
          await load();
          navigate(robotPath(robotId, 'config'));
        }}
      />
    </>
  );
}

function AddRobotDialog({ open, onClose, onAdded }: { open: boolean; onClose(): void; onAdded(name: string, robotId: string): void }) {
  const t = useT();
  const [form] = Form.useForm<{ nickname: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    const { nickname } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const { robotId } = await robotsApi.add(nickname.trim());
      form.resetFields();
      onAdded(nickname.trim(), robotId);
    } catch (failure) {
      // The quota ("at most 3 robots") and name rules come back as one message: shown at the name.
      setError(applyServerErrors(form, failure, { fallbackField: 'nickname', aliases: { nickname: 'nickname', RobotNickName: 'nickname' } }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('robots.addTitle')} okText={t('common.add')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ nickname: '' }} onFinish={() => void submit()}>
        <Form.Item name="nickname" label={t('robots.nickname')} rules={[{ required: true, whitespace: true, message: t('robots.nicknameRequired') }, { max: 50 }]}>
          <Input maxLength={50} showCount autoFocus data-testid="robot-name" />
        </Form.Item>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Form>
    </Modal>
  );
}

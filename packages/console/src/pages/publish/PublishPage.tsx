// Test & publish: what publishing does, the release list, rollback with confirmation.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { robotsApi } from '../../api/endpoints';
import type { Release } from '../../api/types';
import { useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { useRobot } from '../robots/robot-context';

const PAGE_SIZE = 10;

export default function PublishPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const { slug, robot, refresh, publishCount, openTest } = useRobot();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: Release[] }>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      setData(await robotsApi.releases(slug, page, PAGE_SIZE));
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [slug, page]);
  useEffect(() => void load(), [load, publishCount]);

  const rollback = (release: Release) =>
    modal.confirm({
      title: t('publish.rollbackTitle', { version: release.version }),
      content: t('publish.rollbackText'),
      okText: t('publish.rollback'),
      okButtonProps: { danger: true, 'data-testid': 'rollback-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await robotsApi.rollback(slug, release.version);
          message.success(t('publish.rolledBack', { version: release.version }));
          await Promise.all([load(), refresh()]);
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('publish.title')}
      </Typography.Title>
      <Alert
        type={robot.hasUnpublished ? 'warning' : 'success'}
        showIcon
        title={robot.hasUnpublished ? t('header.unpublished') : t('publish.upToDate')}
        description={t('publish.intro')}
        action={
          <Button icon={<ExperimentOutlined />} onClick={openTest}>
            {t('header.test')}
          </Button>
        }
        style={{ marginBottom: 16 }}
      />
      <Card title={t('publish.releases')} styles={{ body: { padding: 0 } }}>
        <Table<Release>
          rowKey="version"
          scroll={{ x: 980 }}
          data-testid="releases-table"
          loading={!data && !error}
          dataSource={data?.items}
          locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={t('publish.empty')} /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { count: total }), hideOnSinglePage: true }}
          columns={[
            {
              title: t('publish.version'),
              dataIndex: 'version',
              width: 300,
              render: (version: string, release) => (
                <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                  <Typography.Text code>{version}</Typography.Text>
                  {release.isCurrent && <Tag color="green">{t('publish.current')}</Tag>}
                </Space>
              ),
            },
            { title: t('publish.note'), dataIndex: 'note', ellipsis: true, render: (note: string) => note || '-' },
            { title: t('publish.time'), dataIndex: 'publishedAt', width: 180, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
            { title: t('publish.by'), dataIndex: 'publishedBy', width: 180, ellipsis: true, render: (by: string) => by || '-' },
            {
              title: t('publish.status'),
              dataIndex: 'status',
              width: 150,
              render: (status: string) => t(status === 'rolled_back_to' ? 'publish.statusRolledBack' : 'publish.statusPublished'),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 170,
              render: (_: unknown, release) =>
                release.isCurrent ? null : (
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => rollback(release)} data-testid="rollback">
                    {t('publish.rollback')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}

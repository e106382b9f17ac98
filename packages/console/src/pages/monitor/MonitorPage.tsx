// Live monitor (spec 01 §11.1): agents with status, load and capacity; the queue with the longest wait
// ticking every second. There is no admin socket: the data is polled every 5 s while the tab is
// visible (and at once when it becomes visible again).
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Card, Col, Empty, Progress, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { monitorApi, type MonitoredAgent, type MonitoringAgents, type MonitoringQueue } from '../../api/service';
import { useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';

const AgentsChart = lazy(() => import('./AgentsChart'));
const REFRESH_MS = 5_000;
const STATUS: Record<string, { color: string; badge: 'success' | 'processing' | 'warning' | 'default' }> = {
  idle: { color: '#52c41a', badge: 'success' },
  busy: { color: '#1f6feb', badge: 'processing' },
  rest: { color: '#faad14', badge: 'warning' },
  offline: { color: '#bfbfbf', badge: 'default' },
};
type StatusKey = 'idle' | 'busy' | 'rest' | 'offline';

const duration = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(rest).padStart(2, '0')}`;
};

export default function MonitorPage() {
  const t = useT();
  const [agents, setAgents] = useState<MonitoringAgents>();
  const [queue, setQueue] = useState<MonitoringQueue>();
  const [error, setError] = useState<string>();
  const [updatedAt, setUpdatedAt] = useState<number>();
  const [now, setNow] = useState(Date.now());

  const load = useCallback(async () => {
    try {
      const [a, q] = await Promise.all([monitorApi.agents(), monitorApi.queue()]);
      setAgents(a);
      setQueue(q);
      setUpdatedAt(Date.now());
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, []);

  useEffect(() => {
    void load();
    const poll = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  const statusName = useCallback((status: string) => (status in STATUS ? t(`mon.status.${status as StatusKey}`) : status), [t]);
  const chartData = useMemo(
    () => (agents ? (['idle', 'busy', 'rest', 'offline'] as const).map((s) => ({ name: statusName(s), value: agents.summary[s], color: STATUS[s].color })) : []),
    [agents, statusName],
  );
  const longestWait = queue?.oldestQueuedAt ? (now - Date.parse(queue.oldestQueuedAt)) / 1000 : 0;

  return (
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('mon.title')}</Typography.Title>
        <span style={{ flex: 1 }} />
        <Typography.Text type="secondary" data-testid="monitor-updated">
          {updatedAt ? t('mon.updated', { time: dayjs(updatedAt).format('HH:mm:ss'), seconds: REFRESH_MS / 1000 }) : ''}
        </Typography.Text>
      </div>
      {error && <Alert type="error" showIcon title={t('app.loadFailed', { message: error })} style={{ marginBottom: 16 }} />}
      {!agents || !queue ? (
        !error && <Spin />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={16}>
              <Card title={t('mon.queue')} style={{ height: '100%' }}>
                <Row gutter={[16, 16]}>
                  <Col span={8}>
                    <Statistic title={t('mon.queued')} value={queue.queued} data-testid="mon-queued" />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('mon.longestWait')} value={duration(longestWait)} data-testid="mon-longest" valueStyle={{ color: longestWait > 60 ? '#cf1322' : undefined }} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('mon.inService')} value={queue.inService} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('mon.waitingAccept')} value={queue.waitingForAccept} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('mon.transferred')} value={queue.transferred} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('mon.online')} value={agents.summary.online} suffix={`/ ${agents.items.length}`} />
                  </Col>
                </Row>
              </Card>
            </Col>
            <Col span={8}>
              <Card title={t('mon.byStatus')} style={{ height: '100%' }}>
                {agents.items.length ? (
                  <Suspense fallback={<Spin />}>
                    <AgentsChart data={chartData} label={t('mon.byStatus')} />
                  </Suspense>
                ) : (
                  <Empty description={t('mon.noAgents')} />
                )}
              </Card>
            </Col>
          </Row>
          <Card title={t('mon.agents')} styles={{ body: { padding: 0 } }}>
            <Table<MonitoredAgent>
              rowKey="memberId"
              dataSource={agents.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="monitor-agents"
              locale={{ emptyText: <Empty description={t('mon.noAgents')} /> }}
              columns={[
                {
                  title: t('team.nick'),
                  dataIndex: 'nick',
                  ellipsis: true,
                  render: (nick: string, a) => (
                    <Space direction="vertical" size={0}>
                      <span>{nick}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.email}
                      </Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: t('common.status'),
                  dataIndex: 'status',
                  width: 170,
                  filters: (['idle', 'busy', 'rest', 'offline'] as const).map((s) => ({ text: statusName(s), value: s })),
                  onFilter: (value, a) => a.status === value,
                  render: (status: string, a) => (
                    <Space direction="vertical" size={0}>
                      <Badge status={STATUS[status]?.badge ?? 'default'} text={statusName(status)} />
                      {a.restReason && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {a.restReason}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                { title: t('mon.since'), dataIndex: 'statusSince', width: 120, render: (since: string | null) => (since ? duration((now - Date.parse(since)) / 1000) : '—') },
                {
                  title: t('mon.load'),
                  key: 'load',
                  width: 200,
                  sorter: (a, b) => a.load / a.capacity - b.load / b.capacity,
                  render: (_: unknown, a) => (
                    <Progress
                      percent={Math.round((a.load / Math.max(1, a.capacity)) * 100)}
                      format={() => `${a.load} / ${a.capacity}`}
                      size="small"
                      status={a.load >= a.capacity ? 'exception' : 'normal'}
                    />
                  ),
                },
                { title: t('mon.groups'), dataIndex: 'groups', render: (groups: MonitoredAgent['groups']) => groups.map((g) => <Tag key={g.groupId}>{g.name}</Tag>) },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}

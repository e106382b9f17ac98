// Callbacks: the session-event callback's URL, switch and events; its secret (shown, copied, rotated);
// the delivery log with a status filter, paging and retry of failed deliveries. A save sends the revision
// it loaded: when someone else saved meanwhile it is refused and a reload is offered.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { callbacksApi, type CallbackSettings, type Delivery, type DeliveryStatus } from '../../api/service';
import { useT } from '../../i18n';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { applyServerErrors, errorMessage, isEditConflict } from '../../ui/errors';
import { useUnsavedGuard } from '../../ui/useUnsavedGuard';

const EVENTS = [
  'SessionBegin',
  'ChatBot.UserSendMsg',
  'ChatBot.RobotSendMsg',
  'Human.UserSendMsg',
  'Human.AgentSendMsg',
  'TransferringToHuman',
  'TransferringToHumanWait',
  'TransferToHumanSuccess',
  'NoAgentOnline',
  'AgentForward',
  'SatisfactionSelected',
  'SessionUserEnd',
  'SessionAgentEnd',
  'SessionUserTimeoutEnd',
  'SessionAgentTimeoutEnd',
  'SessionPendingAutoFinishEnd',
  'SessionEnd',
  'MemberAccessTimeout',
] as const;
const PAGE_SIZE = 10;
const STATUS_COLOR: Record<DeliveryStatus, string> = { delivered: 'green', retrying: 'orange', failed: 'red' };

interface Values {
  url: string;
  enabled: boolean;
  allEvents: boolean;
  events: string[];
}

export default function CallbacksPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<CallbackSettings>();
  const [error, setError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [loads, setLoads] = useState(0);
  /** Set by a (re)load: the form then takes the loaded values (a rotated secret keeps the edits). */
  const loadedFresh = useRef(false);
  const allEvents = Form.useWatch('allEvents', form);
  useUnsavedGuard(dirty);

  useEffect(() => {
    callbacksApi.get().then(
      (loaded) => {
        loadedFresh.current = true;
        setSettings(loaded);
        setConflict(false);
      },
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, [loads]);
  // A (re)load shows what was loaded: the form takes its new initial values.
  useEffect(() => {
    if (!settings || !loadedFresh.current) return;
    loadedFresh.current = false;
    form.resetFields();
  }, [settings, form]);
  const reload = () => {
    setSettings(undefined);
    setDirty(false);
    setLoads((n) => n + 1);
  };

  const save = async (values: Values) => {
    setBusy(true);
    setSaveError(undefined);
    setConflict(false);
    try {
      const saved = await callbacksApi.save({
        url: values.url.trim(),
        enabled: values.enabled,
        events: values.allEvents ? null : (values.events as (typeof EVENTS)[number][]),
        expectedRevision: settings?.updatedAt ?? '',
      });
      setSettings(saved);
      setDirty(false);
      message.success(t('common.saved'));
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setSaveError(applyServerErrors(form, failure, { fallbackField: 'url', aliases: { url: 'url', events: 'events' } }));
    } finally {
      setBusy(false);
    }
  };

  const rotate = () =>
    modal.confirm({
      title: t('cb.rotateTitle'),
      content: t('cb.rotateText'),
      okText: t('cb.rotate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          setSettings(await callbacksApi.rotateSecret());
          setRevealed(true);
          message.success(t('cb.rotated'));
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });

  if (error) return <Alert type="error" showIcon title={t('app.loadFailed', { message: error })} />;
  if (!settings) return <Spin />;
  return (
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('cb.title')}</Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{t('cb.intro')}</Typography.Paragraph>
      <Card title={t('cb.settings')} style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 820 }}
          initialValues={{ url: settings.url ?? '', enabled: settings.url ? settings.enabled : true, allEvents: settings.events === null, events: settings.events ?? [...EVENTS] }}
          onValuesChange={() => setDirty(true)}
          onFinish={(values) => void save(values)}
          data-testid="callback-form"
        >
          <Form.Item
            name="url"
            label={t('cb.url')}
            extra={t('cb.urlHelp')}
            rules={[
              { required: true, message: t('cb.urlRequired') },
              { type: 'url', message: t('svc.urlInvalid') },
            ]}
          >
            <Input placeholder="https://example.com/parley/events" data-testid="callback-url" />
          </Form.Item>
          <Form.Item name="enabled" label={t('cb.enabled')} valuePropName="checked">
            <Switch data-testid="callback-enabled" />
          </Form.Item>
          <Form.Item name="allEvents" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('cb.allEvents')}</Checkbox>
          </Form.Item>
          {!allEvents && (
            <Form.Item name="events" label={t('cb.events')} rules={[{ required: true, type: 'array', min: 1, message: t('cb.eventsRequired') }]}>
              <Checkbox.Group options={EVENTS.map((e) => ({ value: e, label: e }))} className="event-grid" />
            </Form.Item>
          )}
          {conflict && <ConflictAlert onReload={reload} />}
          {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-callback">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('cb.secret')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('cb.secretHelp')}</Typography.Paragraph>
        <Space wrap>
          {settings.secret ? (
            revealed ? (
              <Typography.Text code copyable={{ text: settings.secret }} data-testid="callback-secret">
                {settings.secret}
              </Typography.Text>
            ) : (
              <>
                <Typography.Text code>{'•'.repeat(16)}</Typography.Text>
                <Button size="small" onClick={() => setRevealed(true)}>
                  {t('cb.reveal')}
                </Button>
              </>
            )
          ) : (
            <Typography.Text type="secondary">{t('cb.noSecret')}</Typography.Text>
          )}
          <Button danger icon={<ReloadOutlined />} onClick={rotate} data-testid="rotate-secret">
            {settings.secret ? t('cb.rotate') : t('cb.generate')}
          </Button>
        </Space>
      </Card>
      <Deliveries />
    </>
  );
}

function Deliveries() {
  const t = useT();
  const { message } = App.useApp();
  const [query, setQuery] = useState<{ page: number; status?: DeliveryStatus }>({ page: 1 });
  const [data, setData] = useState<{ items: Delivery[]; total: number }>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setData(await callbacksApi.deliveries({ page: query.page, pageSize: PAGE_SIZE, status: query.status }));
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [query]);
  useEffect(() => void load(), [load]);
  const retry = async (delivery: Delivery) => {
    try {
      await callbacksApi.retry(delivery.eventId);
      message.success(t('cb.retried'));
      await load();
    } catch (failure) {
      message.error(t('common.error', { message: errorMessage(failure) }));
    }
  };
  return (
    <Card
      title={t('cb.deliveries')}
      styles={{ body: { padding: 0 } }}
      extra={
        <Space>
          <Select
            style={{ width: 160 }}
            value={query.status ?? 'all'}
            onChange={(status: DeliveryStatus | 'all') => setQuery({ page: 1, status: status === 'all' ? undefined : status })}
            aria-label={t('common.status')}
            data-testid="delivery-status"
            options={[{ value: 'all', label: t('common.all') }, ...(['delivered', 'retrying', 'failed'] as const).map((s) => ({ value: s, label: t(`cb.status.${s}`) }))]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="reload-deliveries">
            {t('cb.reload')}
          </Button>
        </Space>
      }
    >
      <Table<Delivery>
        rowKey={(d) => `${d.eventId}-${d.attempt}-${d.at}`}
        loading={!data && !error}
        dataSource={data?.items}
        data-testid="deliveries-table"
        pagination={{ current: query.page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showTotal: (count) => t('common.total', { count }), onChange: (page) => setQuery((q) => ({ ...q, page })) }}
        locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={t('cb.emptyDeliveries')} /> }}
        columns={[
          { title: t('cb.at'), dataIndex: 'at', width: 170, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('cb.event'), dataIndex: 'eventType', width: 230 },
          { title: t('cb.eventId'), dataIndex: 'eventId', width: 80 },
          { title: t('cb.attempt'), dataIndex: 'attempt', width: 90 },
          { title: t('common.status'), dataIndex: 'status', width: 110, render: (s: DeliveryStatus) => <Tag color={STATUS_COLOR[s]}>{t(`cb.status.${s}`)}</Tag> },
          { title: t('cb.http'), dataIndex: 'httpStatus', width: 70, render: (s: number | null) => s ?? '—' },
          { title: t('cb.error'), dataIndex: 'error', ellipsis: true, render: (e: string | null) => e ?? '' },
          { title: t('cb.duration'), dataIndex: 'durationMs', width: 90, render: (ms: number) => `${ms} ms` },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, d) =>
              d.status === 'failed' ? (
                <Button size="small" onClick={() => void retry(d)}>
                  {t('cb.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

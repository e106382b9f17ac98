// Service settings (spec 01 §8): reception, capacity, queue and timeouts, proactive contact; the
// working-day calendar (holidays and make-up workdays); the satisfaction survey per language. Each save
// sends the revision it loaded: when someone else saved meanwhile it is refused and a reload is offered.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Calendar, Card, Form, Input, InputNumber, Radio, Space, Spin, Switch, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { robotsApi } from '../../api/endpoints';
import { settingsApiClient as api, type SatisfactionSettings, type ServiceSettings } from '../../api/service';
import { languageLabel, useT } from '../../i18n';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { applyServerErrors, errorMessage, isEditConflict } from '../../ui/errors';
import { useConfirmDiscard, useUnsavedGuard } from '../../ui/useUnsavedGuard';

export default function ServiceSettingsPage() {
  const t = useT();
  const [tab, setTab] = useState('reception');
  const [dirty, setDirty] = useState(false);
  const confirmDiscard = useConfirmDiscard();
  useUnsavedGuard(dirty);
  const switchTab = async (next: string) => {
    if (await confirmDiscard(dirty)) {
      setDirty(false);
      setTab(next);
    }
  };
  return (
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('svc.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(next) => void switchTab(next)}
        destroyOnHidden
        items={[
          { key: 'reception', label: t('svc.tabReception'), children: <Reception onDirty={setDirty} /> },
          { key: 'calendar', label: t('svc.tabCalendar'), children: <WorkCalendar onDirty={setDirty} /> },
          { key: 'satisfaction', label: t('svc.tabSatisfaction'), children: <Satisfaction onDirty={setDirty} /> },
        ]}
      />
    </>
  );
}

/** The settings as loaded; `revision` goes with a save (`''`: never saved); `reload` after a conflict. */
function useSettings<T extends { updatedAt?: string | null }>(get: () => Promise<T>) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [loads, setLoads] = useState(0);
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    get().then(
      (loaded) => {
        setValue(loaded);
        setConflict(false);
      },
      (failure: unknown) => setError(errorMessage(failure)),
    );
  }, [get, loads]);
  const reload = useCallback(() => {
    setValue(undefined);
    setLoads((n) => n + 1);
  }, []);
  return { value, setValue, error, revision: value?.updatedAt ?? '', conflict, setConflict, reload };
}

type ReceptionValues = Pick<ServiceSettings, 'receptionMode' | 'acceptTimeout' | 'restAfterAcceptTimeout' | 'maxConcurrent' | 'queueTimeout' | 'contactUserEnabled' | 'assignWebhookTimeout'>;

function Reception({ onDirty }: { onDirty(dirty: boolean): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReceptionValues>();
  const { value, setValue, error, revision, conflict, setConflict, reload } = useSettings(api.service);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const mode = Form.useWatch('receptionMode', form);
  // A (re)load shows what was loaded: the form takes its new initial values.
  useEffect(() => {
    if (value) form.resetFields();
  }, [value, form]);
  if (error) return <Alert type="error" showIcon title={t('app.loadFailed', { message: error })} />;
  if (!value) return <Spin />;
  const save = async (values: ReceptionValues) => {
    setBusy(true);
    setSaveError(undefined);
    setConflict(false);
    try {
      const saved = await api.saveService({ ...values, expectedRevision: revision });
      setValue(saved);
      onDirty(false);
      message.success(t('common.saved'));
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setSaveError(applyServerErrors(form, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Form form={form} layout="vertical" style={{ maxWidth: 640 }} initialValues={value} onValuesChange={() => onDirty(true)} onFinish={(values) => void save(values)} data-testid="reception-form">
        <Form.Item name="receptionMode" label={t('svc.receptionMode')} extra={t('svc.receptionHelp')}>
          <Radio.Group
            data-testid="reception-mode"
            options={[
              { value: 'auto', label: t('svc.auto') },
              { value: 'manual', label: t('svc.manual') },
            ]}
          />
        </Form.Item>
        {mode === 'manual' && (
          <Space size="large" align="start" wrap>
            <Form.Item name="acceptTimeout" label={t('svc.acceptTimeout')} rules={[{ required: true }]}>
              <InputNumber min={10} max={3600} addonAfter={t('svc.seconds')} />
            </Form.Item>
            <Form.Item name="restAfterAcceptTimeout" label={t('svc.afterTimeout')} extra={t('svc.afterTimeoutHelp')} valuePropName="checked">
              <Switch checkedChildren={t('svc.setRest')} unCheckedChildren={t('svc.staysIdle')} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="maxConcurrent" label={t('svc.capacity')} extra={t('svc.capacityHelp')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item name="queueTimeout" label={t('svc.queueTimeout')} extra={t('svc.queueTimeoutHelp')} rules={[{ required: true }]}>
          <InputNumber min={0} max={604800} addonAfter={t('svc.seconds')} />
        </Form.Item>
        <Form.Item name="assignWebhookTimeout" label={t('svc.webhookTimeout')} extra={t('svc.webhookTimeoutHelp')} rules={[{ required: true }]}>
          <InputNumber min={200} max={10000} addonAfter="ms" />
        </Form.Item>
        <Form.Item name="contactUserEnabled" label={t('svc.contactUser')} extra={t('svc.contactUserHelp')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('svc.closeHelp')}</Typography.Paragraph>
        {conflict && (
          <ConflictAlert
            onReload={() => {
              onDirty(false);
              reload();
            }}
          />
        )}
        {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-reception">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

type DayKind = 'holiday' | 'workday';

function WorkCalendar({ onDirty }: { onDirty(dirty: boolean): void }) {
  const t = useT();
  const { message } = App.useApp();
  const { value, setValue, error, revision, conflict, setConflict, reload } = useSettings(api.service);
  const [days, setDays] = useState<Map<string, DayKind>>();
  const [picked, setPicked] = useState<Dayjs>(dayjs());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!value) return;
    setDays(new Map([...value.calendar.holidays.map((d) => [d, 'holiday'] as const), ...value.calendar.workdays.map((d) => [d, 'workday'] as const)]));
  }, [value]);
  const mark = useCallback(
    (kind: DayKind | undefined) => {
      setDays((current) => {
        const next = new Map(current);
        const key = picked.format('YYYY-MM-DD');
        if (kind) next.set(key, kind);
        else next.delete(key);
        return next;
      });
      onDirty(true);
    },
    [picked, onDirty],
  );
  if (error) return <Alert type="error" showIcon title={t('app.loadFailed', { message: error })} />;
  if (!days) return <Spin />;
  const save = async () => {
    setBusy(true);
    try {
      const list = (kind: DayKind) =>
        [...days]
          .filter(([, k]) => k === kind)
          .map(([d]) => d)
          .sort();
      setConflict(false);
      setValue(await api.saveService({ calendar: { holidays: list('holiday'), workdays: list('workday') }, expectedRevision: revision }));
      onDirty(false);
      message.success(t('common.saved'));
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else message.error(t('common.error', { message: errorMessage(failure) }));
    } finally {
      setBusy(false);
    }
  };
  const pickedKind = days.get(picked.format('YYYY-MM-DD'));
  return (
    <Card>
      {conflict && (
        <ConflictAlert
          onReload={() => {
            onDirty(false);
            reload();
          }}
        />
      )}
      <Typography.Paragraph type="secondary">{t('svc.calendarHelp')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{picked.format('YYYY-MM-DD')}</Typography.Text>
        <Radio.Group
          value={pickedKind ?? 'normal'}
          onChange={(e) => mark(e.target.value === 'normal' ? undefined : (e.target.value as DayKind))}
          optionType="button"
          data-testid="day-kind"
          options={[
            { value: 'normal', label: t('svc.dayNormal') },
            { value: 'holiday', label: t('svc.dayHoliday') },
            { value: 'workday', label: t('svc.dayWorkday') },
          ]}
        />
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="save-calendar">
          {t('common.save')}
        </Button>
      </Space>
      <Calendar
        value={picked}
        onSelect={(date) => setPicked(date)}
        fullscreen={false}
        cellRender={(date, info) => {
          if (info.type !== 'date') return info.originNode;
          const kind = days.get(date.format('YYYY-MM-DD'));
          return kind ? (
            <Tag color={kind === 'holiday' ? 'red' : 'blue'} style={{ marginInlineEnd: 0, fontSize: 10, lineHeight: '14px', padding: '0 2px' }}>
              {t(kind === 'holiday' ? 'svc.holidayShort' : 'svc.workdayShort')}
            </Tag>
          ) : null;
        }}
        style={{ maxWidth: 520 }}
      />
    </Card>
  );
}

interface SatisfactionTexts {
  invitation: string;
  submission: string;
  levels: string[];
  validityHours: number;
}

function Satisfaction({ onDirty }: { onDirty(dirty: boolean): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ enabled: boolean; invitationMethod: number; texts: Record<string, SatisfactionTexts> }>();
  const { value, setValue, error, revision, conflict, setConflict, reload } = useSettings(api.satisfaction);
  const [languages, setLanguages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  useEffect(() => {
    if (value) form.resetFields();
  }, [value, form]);
  useEffect(() => {
    robotsApi.languages('default').then(
      ({ items }) => setLanguages(items.filter((tag) => tag !== '')),
      () => setLanguages([]),
    );
  }, []);
  if (error) return <Alert type="error" showIcon title={t('app.loadFailed', { message: error })} />;
  if (!value) return <Spin />;
  // zh and en are always accepted; other languages once added to a robot.
  const all = [...new Set(['en', 'zh', ...languages, ...Object.keys(value.multilingual)])];
  const initial: { enabled: boolean; invitationMethod: number; texts: Record<string, SatisfactionTexts> } = {
    enabled: value.enabled,
    invitationMethod: value.invitationMethod,
    texts: { '': value.content, ...value.multilingual },
  };
  const save = async () => {
    const values = { ...form.getFieldsValue(true), ...(await form.validateFields()) } as typeof initial;
    setBusy(true);
    setSaveError(undefined);
    setConflict(false);
    try {
      const clean = (x: SatisfactionTexts) => ({ invitation: x.invitation ?? '', submission: x.submission ?? '', levels: x.levels, validityHours: x.validityHours });
      const multilingual: Record<string, SatisfactionTexts | null> = {};
      for (const tag of all) {
        const texts = values.texts[tag];
        multilingual[tag] = texts && texts.levels?.some((l) => l?.trim()) ? clean(texts) : null;
      }
      const saved: SatisfactionSettings = await api.saveSatisfaction({
        enabled: values.enabled,
        invitationMethod: values.invitationMethod,
        content: clean(values.texts['']),
        multilingual,
        expectedRevision: revision,
      });
      setValue(saved);
      onDirty(false);
      message.success(t('common.saved'));
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setSaveError(applyServerErrors(form, failure, { aliases: { content: 'texts' } }));
    } finally {
      setBusy(false);
    }
  };
  const textFields = (tag: string) => (
    <>
      <Form.Item name={['texts', tag, 'invitation']} label={t('svc.invitation')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} data-testid={`sat-invitation-${tag || 'default'}`} />
      </Form.Item>
      <Form.Item label={t('svc.levels')} extra={t('svc.levelsHelp')}>
        <Space wrap>
          {[0, 1, 2, 3, 4].map((i) => (
            <Form.Item key={i} noStyle name={['texts', tag, 'levels', i]} rules={tag ? [] : [{ required: true, whitespace: true, message: t('svc.levelRequired') }]}>
              <Input style={{ width: 150 }} maxLength={20} placeholder={`${i + 1} ★`} aria-label={`${t('svc.level')} ${i + 1}`} data-testid={`sat-level-${tag || 'default'}-${i}`} />
            </Form.Item>
          ))}
        </Space>
      </Form.Item>
      <Form.Item name={['texts', tag, 'submission']} label={t('svc.submission')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} data-testid={`sat-submission-${tag || 'default'}`} />
      </Form.Item>
      <Form.Item name={['texts', tag, 'validityHours']} label={t('svc.validity')} initialValue={24}>
        <InputNumber min={1} max={720} addonAfter={t('svc.hours')} />
      </Form.Item>
    </>
  );
  return (
    <Card>
      <Form form={form} layout="vertical" style={{ maxWidth: 820 }} initialValues={initial} onValuesChange={() => onDirty(true)} onFinish={() => void save()} data-testid="satisfaction-form">
        <Space size="large" wrap>
          <Form.Item name="enabled" label={t('svc.satisfactionOn')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="invitationMethod" label={t('svc.invitationMethod')}>
            <Radio.Group
              options={[
                { value: 1, label: t('svc.invite1') },
                { value: 2, label: t('svc.invite2') },
                { value: 3, label: t('svc.invite3') },
              ]}
            />
          </Form.Item>
        </Space>
        <Tabs
          type="card"
          data-testid="satisfaction-languages"
          items={[
            { key: '', label: t('lang.default'), forceRender: true, children: textFields('') },
            ...all.map((tag) => ({ key: tag, label: languageLabel(t, tag), forceRender: true, children: textFields(tag) })),
          ]}
        />
        {!all.length && <Typography.Paragraph type="secondary">{t('svc.noLanguages')}</Typography.Paragraph>}
        {conflict && (
          <ConflictAlert
            onReload={() => {
              onDirty(false);
              reload();
            }}
          />
        )}
        {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-satisfaction">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

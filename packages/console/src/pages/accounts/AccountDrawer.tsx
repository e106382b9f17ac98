// Add or edit one customer-service account: basics, prompts per language, working hours (a weekly
// editor with up to five ranges a day, in a chosen time zone). A save sends the revision it loaded:
// when someone else saved the account meanwhile it is refused and the form offers a reload.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch, Tabs, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { robotsApi } from '../../api/endpoints';
import { accountsApi, PROMPTS, teamApiClient, WEEKDAYS, type Account, type AccountPatch, type GroupSummary, type NewAccount, type Prompt, type Weekday, type WorkTimeMode } from '../../api/service';
import type { Robot } from '../../api/types';
import { languageLabel, useT } from '../../i18n';
import { ApiError } from '../../api/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { applyServerErrors, isEditConflict } from '../../ui/errors';
import { useConfirmDiscard } from '../../ui/useUnsavedGuard';

const MAX_RANGES = 5;
/** REST field names in the service's messages → this form's fields. */
const FIELD_OF: Record<string, string> = {
  IMAgentNick: 'nick',
  IMAgentAvatarUrl: 'avatarUrl',
  UserTimeout: 'userTimeout',
  AssignedByWebhookURL: 'assignedByWebhookUrl',
  DisplayGroupsChoices: 'displayGroupsChoices',
  RobotId: 'robotId',
  'WorkTimeConfig.TimeZone': 'timeZone',
  WelcomeMessage: 'welcomeMessage',
  TransferToHumanPrompt: 'transferToHumanPrompt',
  TransferToHumanSuccessPrompt: 'transferToHumanSuccessPrompt',
  TransferToHumanFailPrompt: 'transferToHumanFailPrompt',
  QueueingPrompt: 'queueingPrompt',
  EndPrompt: 'endPrompt',
  TimeoutEndPrompt: 'timeoutEndPrompt',
  NotWorkTimePrompt: 'notWorkTimePrompt',
  ChooseSkillGroupPrompt: 'chooseSkillGroupPrompt',
};
const TAB_OF: Record<string, string> = { timeZone: 'hours', ...Object.fromEntries(PROMPTS.map((p) => [p, 'prompts'])) };
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

interface Values extends Record<Prompt, string> {
  nick: string;
  avatarUrl: string;
  robotId: string;
  chatbotOn: boolean;
  assignmentStrategy: Account['assignmentStrategy'];
  /** The groups offered when the user chooses (strategy `choose-group`). */
  displayGroupsChoices: number[];
  assignedByWebhookUrl: string;
  userTimeout: number;
  mode: WorkTimeMode;
  timeZone: string;
  days: Record<Weekday, { start: string; end: string }[]>;
  multilingual: Partial<Record<Prompt, Record<string, string>>>;
}

const zones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'UTC'];
  } catch {
    return ['Asia/Shanghai', 'UTC'];
  }
};

function valuesOf(account: Account | undefined): Partial<Values> {
  const days = Object.fromEntries(WEEKDAYS.map((day) => [day, account?.workTime.periods.find((p) => p.day === day)?.ranges ?? []])) as Values['days'];
  if (!account)
    return {
      nick: '',
      avatarUrl: '',
      chatbotOn: true,
      assignmentStrategy: 'auto',
      displayGroupsChoices: [],
      assignedByWebhookUrl: '',
      userTimeout: 300,
      mode: 'off',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai',
      days,
      multilingual: {},
    };
  const prompts = Object.fromEntries(PROMPTS.map((p) => [p, account[p]])) as Record<Prompt, string>;
  return {
    ...prompts,
    nick: account.nick,
    avatarUrl: account.avatarUrl,
    robotId: account.robotId,
    chatbotOn: !account.chatbotDisabled,
    assignmentStrategy: account.assignmentStrategy,
    displayGroupsChoices: account.displayGroupsChoices,
    assignedByWebhookUrl: account.assignedByWebhookUrl,
    userTimeout: account.userTimeout,
    mode: account.workTime.mode,
    timeZone: account.workTime.timeZone,
    days,
    multilingual: account.multilingual,
  };
}

export function AccountDrawer({ account: opened, onClose, onSaved }: { account?: Account; onClose(): void; onSaved(account: Account, created: boolean): void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  /** The account as last loaded (the conflict's reload replaces it); its `updatedAt` goes with the save. */
  const [account, setAccount] = useState(opened);
  const [conflict, setConflict] = useState(false);
  const [groups, setGroups] = useState<GroupSummary[]>([]);
  const [robots, setRobots] = useState<Robot[]>([]);
  const [languages, setLanguages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState('basic');
  const confirmDiscard = useConfirmDiscard();
  const robotId = Form.useWatch('robotId', form);
  const strategy = Form.useWatch('assignmentStrategy', form);
  const mode = Form.useWatch('mode', form);
  const initial = useMemo(() => valuesOf(account), [account]);
  const zoneOptions = useMemo(() => zones().map((z) => ({ value: z, label: z })), []);

  useEffect(() => {
    robotsApi.list().then(
      ({ items }) => {
        setRobots(items);
        if (!account) form.setFieldValue('robotId', items.find((r) => r.isDefault)?.robotId ?? items[0]?.robotId);
      },
      () => undefined,
    );
  }, [account, form]);
  useEffect(() => {
    teamApiClient.groups({ page: 1, pageSize: 100 }).then(
      ({ items }) => setGroups(items),
      () => setGroups([]),
    );
  }, []);
  useEffect(() => {
    if (!robotId) return;
    robotsApi.languages(robotId).then(
      ({ items }) => setLanguages(items.filter((tag) => tag !== '')),
      () => setLanguages([]),
    );
  }, [robotId]);

  const close = async () => {
    if (await confirmDiscard(dirty)) onClose();
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      setError(t('svc.fixFields'));
      return;
    }
    values = { ...form.getFieldsValue(true), ...values } as Values;
    const multilingual: AccountPatch['multilingual'] = {};
    for (const prompt of PROMPTS) {
      const texts = Object.fromEntries(Object.entries(values.multilingual?.[prompt] ?? {}).filter(([tag, text]) => languages.includes(tag) && text?.trim()));
      if (Object.keys(texts).length || account?.multilingual[prompt]) multilingual[prompt] = texts;
    }
    const body: NewAccount = {
      ...(Object.fromEntries(PROMPTS.map((p) => [p, values[p] ?? ''])) as Record<Prompt, string>),
      nick: values.nick.trim(),
      avatarUrl: values.avatarUrl?.trim() ?? '',
      robotId: values.robotId,
      chatbotDisabled: !values.chatbotOn,
      assignmentStrategy: values.assignmentStrategy,
      displayGroupsChoices: values.displayGroupsChoices ?? [],
      assignedByWebhookUrl: values.assignedByWebhookUrl?.trim() ?? '',
      userTimeout: values.userTimeout,
      workTime: { mode: values.mode, timeZone: values.timeZone, periods: WEEKDAYS.filter((day) => values.days[day]?.length).map((day) => ({ day, ranges: values.days[day] })) },
      multilingual,
    };
    setBusy(true);
    setError(undefined);
    setConflict(false);
    try {
      const saved = account ? await accountsApi.update(account.accountId, { ...body, expectedRevision: account.updatedAt } satisfies AccountPatch) : await accountsApi.add(body);
      setDirty(false);
      onSaved(saved, !account);
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setError(placeErrors(failure, body.workTime?.periods ?? []));
    } finally {
      setBusy(false);
    }
  };

  /**
   * The service names fields as the REST API spells them ("IMAgentNick must not be empty; UserTimeout …"):
   * each refusal goes to its field (and its tab is shown); the rest, with days named, to the alert.
   */
  const placeErrors = (failure: unknown, periods: { day: Weekday }[]): string | undefined => {
    if (!(failure instanceof ApiError)) return applyServerErrors(form, failure);
    const placed: { name: string; errors: string[] }[] = [];
    const rest: string[] = [];
    for (const part of failure.message.split('; ')) {
      const word = /^[A-Za-z]+(\.TimeZone)?/.exec(part)?.[0] ?? '';
      const field = FIELD_OF[word];
      if (field) placed.push({ name: field, errors: [part] });
      else
        rest.push(
          part.replace(
            /WorkTimeConfig\.Periods\[(\d+)\](?:\.PeriodsWithinOneDay\[(\d+)\])?/g,
            (_, i: string, j?: string) => `${periods[Number(i)] ? t(`acc.day.${periods[Number(i)].day}`) : ''}${j === undefined ? '' : ` #${Number(j) + 1}`}`,
          ),
        );
    }
    form.setFields(placed as Parameters<typeof form.setFields>[0]);
    if (placed.length) setTab(TAB_OF[placed[0].name] ?? 'basic');
    else if (rest.some((m) => m.startsWith('WorkTimeConfig') || /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day/.test(m))) setTab('hours');
    return rest.length ? rest.join('; ') : undefined;
  };

  /** The conflict's reload: the latest account replaces the form (and the edits on it). */
  const reload = async () => {
    if (!account) return;
    try {
      const latest = await accountsApi.get(account.accountId);
      setAccount(latest);
      form.resetFields();
      form.setFieldsValue(valuesOf(latest));
      setConflict(false);
      setDirty(false);
    } catch (failure) {
      setError(applyServerErrors(form, failure));
    }
  };

  const promptFields = (tag: string) =>
    PROMPTS.map((prompt) => (
      <Form.Item key={prompt} name={tag ? ['multilingual', prompt, tag] : prompt} label={t(`acc.prompt.${prompt}`)} rules={[{ max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} placeholder={tag ? t('acc.sameAsDefault') : undefined} data-testid={`prompt-${prompt}${tag ? `-${tag}` : ''}`} />
      </Form.Item>
    ));

  return (
    <Drawer
      open
      width={760}
      title={account ? t('acc.editTitle', { name: account.nick }) : t('acc.addTitle')}
      onClose={() => void close()}
      destroyOnHidden
      data-testid="account-drawer"
      extra={
        <Space>
          <Button onClick={() => void close()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="save-account">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} onValuesChange={() => setDirty(true)} onFinish={() => void submit()}>
        {conflict && <ConflictAlert onReload={() => void reload()} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="account-error" />}
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'basic',
              label: t('acc.tabBasic'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name="nick" label={t('acc.nick')} rules={[{ required: true, whitespace: true, message: t('acc.nickRequired') }, { max: 50 }]}>
                    <Input maxLength={50} showCount autoFocus data-testid="account-nick" />
                  </Form.Item>
                  <Form.Item name="avatarUrl" label={t('acc.avatar')} rules={[{ type: 'url', message: t('svc.urlInvalid') }]}>
                    <Input placeholder="https://…" />
                  </Form.Item>
                  <Form.Item name="robotId" label={t('acc.robot')}>
                    <Select options={robots.map((r) => ({ value: r.robotId, label: r.nickname }))} />
                  </Form.Item>
                  <Form.Item name="chatbotOn" label={t('acc.chatbot')} valuePropName="checked" extra={t('acc.chatbotHelp')}>
                    <Switch />
                  </Form.Item>
                  <Form.Item name="assignmentStrategy" label={t('acc.strategy')}>
                    <Radio.Group options={(['auto', 'choose-group', 'webhook'] as const).map((s) => ({ value: s, label: t(`acc.strategy.${s}`) }))} />
                  </Form.Item>
                  {strategy === 'choose-group' && (
                    <Form.Item
                      name="displayGroupsChoices"
                      label={t('acc.groupChoices')}
                      extra={t('acc.groupChoicesHelp')}
                      rules={[
                        { required: true, type: 'array', min: 1, message: t('acc.groupChoicesRequired') },
                        { type: 'array', max: 100 },
                      ]}
                    >
                      <Select
                        mode="multiple"
                        allowClear
                        optionFilterProp="label"
                        options={groups.map((g) => ({ value: g.groupId, label: g.name }))}
                        notFoundContent={t('acc.groupChoicesNone')}
                        data-testid="account-group-choices"
                      />
                    </Form.Item>
                  )}
                  {strategy === 'webhook' && (
                    <Form.Item
                      name="assignedByWebhookUrl"
                      label={t('acc.webhookUrl')}
                      extra={t('acc.webhookHelp')}
                      rules={[
                        { required: true, message: t('acc.webhookRequired') },
                        { type: 'url', message: t('svc.urlInvalid') },
                      ]}
                    >
                      <Input placeholder="https://…" data-testid="account-webhook" />
                    </Form.Item>
                  )}
                  <Form.Item name="userTimeout" label={t('acc.userTimeout')} extra={t('acc.userTimeoutHelp')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={86400} addonAfter={t('svc.seconds')} />
                  </Form.Item>
                </>
              ),
            },
            {
              key: 'prompts',
              label: t('acc.tabPrompts'),
              forceRender: true,
              children: (
                <Tabs
                  size="small"
                  items={[
                    { key: '', label: t('lang.default'), forceRender: true, children: promptFields('') },
                    ...languages.map((tag) => ({ key: tag, label: languageLabel(t, tag), forceRender: true, children: promptFields(tag) })),
                  ]}
                />
              ),
            },
            {
              key: 'hours',
              label: t('acc.tabHours'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name="mode" label={t('acc.workTime')}>
                    <Radio.Group data-testid="work-mode" options={(['off', 'weekly', 'statutory'] as const).map((m) => ({ value: m, label: t(`acc.mode.${m}`) }))} />
                  </Form.Item>
                  {mode !== 'off' && (
                    <>
                      <Form.Item name="timeZone" label={t('acc.timeZone')} rules={[{ required: true }]}>
                        <Select showSearch options={zoneOptions} style={{ maxWidth: 320 }} data-testid="time-zone" />
                      </Form.Item>
                      <Typography.Paragraph type="secondary">{t('acc.hoursHelp')}</Typography.Paragraph>
                      {WEEKDAYS.map((day) => (
                        <DayRanges key={day} day={day} />
                      ))}
                    </>
                  )}
                </>
              ),
            },
          ]}
        />
      </Form>
    </Drawer>
  );
}

function DayRanges({ day }: { day: Weekday }) {
  const t = useT();
  return (
    <div className="day-ranges" data-testid={`day-${day}`}>
      <Typography.Text strong className="day-name">
        {t(`acc.day.${day}`)}
      </Typography.Text>
      <Form.List name={['days', day]}>
        {(fields, { add, remove }) => (
          <Space wrap size={[8, 4]}>
            {fields.length === 0 && <Typography.Text type="secondary">{t('acc.closed')}</Typography.Text>}
            {fields.map((field) => (
              <Space.Compact key={field.key}>
                <Form.Item name={[field.name, 'start']} noStyle rules={[{ required: true, pattern: TIME, message: t('acc.timeFormat') }]}>
                  <Input style={{ width: 72 }} placeholder="09:00" aria-label={t('acc.start')} />
                </Form.Item>
                <Form.Item name={[field.name, 'end']} noStyle rules={[{ required: true, pattern: TIME, message: t('acc.timeFormat') }]}>
                  <Input style={{ width: 72 }} placeholder="18:00" aria-label={t('acc.end')} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
              </Space.Compact>
            ))}
            {fields.length < MAX_RANGES && (
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ start: '09:00', end: '18:00' })} data-testid={`add-range-${day}`}>
                {t('acc.addRange')}
              </Button>
            )}
          </Space>
        )}
      </Form.List>
    </div>
  );
}

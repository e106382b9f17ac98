// Basic configuration per language: mode, welcome card, to-agent intent, answer strategy (three
// thresholds, each explained), ClarifyNumber, fallback; and the robot's languages.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Slider, Space, Spin, Switch, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { libraryApi, robotsApi } from '../../api/endpoints';
import type { RobotConfig } from '../../api/types';
import { languageLabel, useT } from '../../i18n';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { applyServerErrors, errorMessage, isEditConflict } from '../../ui/errors';
import { useConfirmDiscard, useUnsavedGuard } from '../../ui/useUnsavedGuard';
import { useRobot } from './robot-context';
import { ThresholdPreview } from './ThresholdPreview';

const SUPPORTED_LANGUAGES = ['zh', 'en', 'zh-TW', 'ja', 'vi', 'id', 'fil'];
const MAX_WELCOME = 20;

export default function ConfigPage() {
  const t = useT();
  const { languages } = useRobot();
  const [language, setLanguage] = useState('');
  const [dirty, setDirty] = useState(false);
  const confirmDiscard = useConfirmDiscard();
  useUnsavedGuard(dirty);

  useEffect(() => {
    if (!languages.includes(language)) setLanguage('');
  }, [languages, language]);

  const switchLanguage = async (next: string) => {
    if (next === language) return;
    if (await confirmDiscard(dirty)) {
      setDirty(false);
      setLanguage(next);
    }
  };

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('config.title')}
      </Typography.Title>
      <Tabs
        activeKey={language || 'default'}
        onChange={(key) => void switchLanguage(key === 'default' ? '' : key)}
        items={languages.map((tag) => ({ key: tag || 'default', label: languageLabel(t, tag) }))}
        tabBarExtraContent={<LanguagesEditor />}
        data-testid="config-languages"
      />
      <ConfigForm key={language} language={language} onDirty={setDirty} />
    </>
  );
}

function LanguagesEditor() {
  const t = useT();
  const { message } = App.useApp();
  const { slug, languages, refresh } = useRobot();
  const [adding, setAdding] = useState<string>();
  const [busy, setBusy] = useState(false);
  const available = SUPPORTED_LANGUAGES.filter((tag) => !languages.includes(tag));

  const add = async () => {
    if (!adding) return;
    setBusy(true);
    try {
      await robotsApi.addLanguage(slug, adding);
      message.success(t('config.languageAdded'));
      setAdding(undefined);
      await refresh();
    } catch (failure) {
      message.error(t('common.error', { message: errorMessage(failure) }));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (tag: string) => {
    try {
      await robotsApi.deleteLanguage(slug, tag);
      message.success(t('config.languageRemoved'));
      await refresh();
    } catch (failure) {
      message.error(t('common.error', { message: errorMessage(failure) }));
    }
  };

  return (
    <Space wrap>
      {languages
        .filter((tag) => tag !== '')
        .map((tag) => (
          <Popconfirm
            key={tag}
            title={t('config.removeLanguageTitle', { language: languageLabel(t, tag) })}
            description={<div style={{ maxWidth: 280 }}>{t('config.removeLanguageText')}</div>}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(tag)}
          >
            <Tag closable onClose={(event) => event.preventDefault()} closeIcon={<DeleteOutlined aria-label={t('config.removeLanguage')} />} style={{ cursor: 'pointer' }}>
              {languageLabel(t, tag)}
            </Tag>
          </Popconfirm>
        ))}
      {available.length > 0 && (
        <Space.Compact>
          <Select
            placeholder={t('config.addLanguage')}
            value={adding}
            onChange={setAdding}
            options={available.map((tag) => ({ value: tag, label: languageLabel(t, tag) }))}
            style={{ width: 170 }}
            aria-label={t('config.addLanguage')}
          />
          <Button icon={<PlusOutlined />} onClick={() => void add()} disabled={!adding} loading={busy} aria-label={t('config.addLanguage')} />
        </Space.Compact>
      )}
      <Tooltip title={t('config.languageHelp')}>
        <QuestionCircleOutlined style={{ color: '#8c8c8c' }} />
      </Tooltip>
    </Space>
  );
}

function Threshold({ value, onChange, disabled, id }: { value?: number; onChange?: (value: number) => void; disabled?: boolean; id?: string }) {
  return (
    <Row gutter={12} align="middle">
      <Col flex="auto">
        <Slider min={0} max={1} step={0.01} value={value} onChange={onChange} disabled={disabled} />
      </Col>
      <Col flex="96px">
        <InputNumber id={id} min={0} max={1} step={0.01} value={value} onChange={(next) => next !== null && onChange?.(next)} disabled={disabled} style={{ width: 96 }} />
      </Col>
    </Row>
  );
}

function ConfigForm({ language, onDirty }: { language: string; onDirty(dirty: boolean): void }) {
  const t = useT();
  const { message } = App.useApp();
  const { slug, refresh } = useRobot();
  const [form] = Form.useForm<RobotConfig>();
  const [loaded, setLoaded] = useState<RobotConfig>();
  const [error, setError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  /** A save was refused: someone else changed the config since it was loaded. */
  const [conflict, setConflict] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [busy, setBusy] = useState(false);
  const chitchatEnable = Form.useWatch('chitchatEnable', form);
  const clarifyEnable = Form.useWatch('clarifyEnable', form);
  const welcomeEnable = Form.useWatch('welcomeCardEnable', form);
  const directAnsweringReaches = Form.useWatch('directAnsweringReaches', form);
  const chitchatReaches = Form.useWatch('chitchatReaches', form);
  const clarifyReaches = Form.useWatch('clarifyReaches', form);
  const welcome = Form.useWatch('welcomeCardQuestions', form) ?? [];

  useEffect(() => {
    let live = true;
    robotsApi
      .config(slug, language)
      .then((config) => {
        if (!live) return;
        setLoaded(config);
        setConflict(false);
        form.resetFields();
        form.setFieldsValue(config);
        onDirty(false);
      })
      .catch((failure: unknown) => live && setError(errorMessage(failure)));
    return () => {
      live = false;
    };
  }, [slug, language, form, reloads, onDirty]);

  const save = async (values: RobotConfig) => {
    setBusy(true);
    setSaveError(undefined);
    setConflict(false);
    try {
      const saved = await robotsApi.updateConfig(slug, language, values, loaded?.updatedAt);
      setLoaded(saved);
      form.setFieldsValue(saved);
      onDirty(false);
      message.success(t('common.saved'));
      await refresh();
    } catch (failure) {
      // The input stays; the refusal is shown at the field it names, or above the form.
      if (isEditConflict(failure)) setConflict(true);
      else setSaveError(applyServerErrors(form, failure, { aliases: { ClarifyReaches: 'clarifyReaches' } }));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" title={t('app.loadFailed', { message: error })} />;
  if (!loaded) return <Spin style={{ display: 'block', margin: '48px auto' }} />;

  const help = (key: Parameters<typeof t>[0]) => <Typography.Text type="secondary">{t(key)}</Typography.Text>;

  return (
    <Form<RobotConfig> form={form} layout="vertical" initialValues={loaded} onFinish={(values) => void save(values)} onValuesChange={() => onDirty(true)} data-testid="config-form" scrollToFirstError>
      {conflict && <ConflictAlert onReload={() => setReloads((n) => n + 1)} />}
      {saveError && <Alert type="error" showIcon title={t('editor.serverRefused', { message: saveError })} style={{ marginBottom: 16 }} data-testid="config-error" />}
      <Card size="small" title={t('config.mode')} style={{ marginBottom: 16 }}>
        <Radio.Group value="standard" aria-label={t('config.mode')}>
          <Radio value="standard">{t('config.modeStandard')}</Radio>
          <Radio value="llm" disabled>
            {t('config.modeLlm')}
          </Radio>
        </Radio.Group>
        <div style={{ marginTop: 8 }}>{help('config.modeLlmHelp')}</div>
      </Card>

      <Card size="small" title={t('config.welcome')} style={{ marginBottom: 16 }}>
        <Form.Item name="welcomeCardEnable" label={t('config.welcomeEnable')} valuePropName="checked" extra={t('config.welcomeHelp')}>
          <Switch />
        </Form.Item>
        <Form.Item name="welcomeCardTitle" label={t('config.welcomeTitle')} rules={[{ max: 50 }]}>
          <Input maxLength={50} showCount disabled={!welcomeEnable} />
        </Form.Item>
        <Form.Item name="welcomeCardQuestions" label={t('config.welcomeQuestions', { count: welcome.length })} rules={[{ type: 'array', max: MAX_WELCOME, message: t('config.welcomeMax') }]}>
          <WelcomeQuestions language={language} disabled={!welcomeEnable} />
        </Form.Item>
      </Card>

      <Card size="small" title={t('config.toAgent')} style={{ marginBottom: 16 }}>
        <Form.Item name="toAgentEnable" label={t('config.toAgentEnable')} valuePropName="checked" extra={t('config.toAgentHelp')} style={{ marginBottom: 0 }}>
          <Switch />
        </Form.Item>
      </Card>

      <Card size="small" title={t('config.strategy')} style={{ marginBottom: 16 }}>
        <Form.Item name="directAnsweringReaches" label={t('config.direct')} extra={t('config.directHelp')}>
          <Threshold />
        </Form.Item>
        <Row gutter={24}>
          <Col xs={24} xl={12}>
            <Form.Item name="chitchatEnable" label={t('config.chitchatEnable')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="chitchatReaches" label={t('config.chitchat')} extra={t('config.chitchatHelp')}>
              <Threshold disabled={!chitchatEnable} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item name="clarifyEnable" label={t('config.clarifyEnable')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item
              name="clarifyReaches"
              label={t('config.clarify')}
              extra={t('config.clarifyHelp')}
              dependencies={['directAnsweringReaches']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: number) => (value > getFieldValue('directAnsweringReaches') ? Promise.reject(new Error(t('config.clarifyAboveDirect'))) : Promise.resolve()),
                }),
              ]}
            >
              <Threshold disabled={!clarifyEnable} />
            </Form.Item>
            <Form.Item name="clarifyMessage" label={t('config.clarifyMessage')} rules={[{ max: 1000 }]}>
              <Input maxLength={1000} disabled={!clarifyEnable} />
            </Form.Item>
            <Form.Item name="clarifyNumber" label={t('config.clarifyNumber')} rules={[{ required: true, type: 'integer', min: 1, max: 10 }]}>
              <InputNumber min={1} max={10} precision={0} disabled={!clarifyEnable} />
            </Form.Item>
          </Col>
        </Row>
        <ThresholdPreview robotId={slug} language={language} proposal={{ directAnsweringReaches, chitchatReaches, clarifyReaches, clarifyEnable, chitchatEnable }} />
        <Form.Item name="fallbackMsg" label={t('config.fallback')} extra={t('config.fallbackHelp')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Card>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="config-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** Up to 20 questions picked from the QA library (searched as you type), in the order picked. */
function WelcomeQuestions({ value, onChange, language, disabled }: { value?: string[]; onChange?: (value: string[]) => void; language: string; disabled?: boolean }) {
  const t = useT();
  const { slug } = useRobot();
  const [options, setOptions] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const request = useRef(0);

  const search = useCallback(
    async (q: string) => {
      const mine = ++request.current;
      setLoading(true);
      try {
        const page = await libraryApi.questions(slug, 'faq', { page: 1, pageSize: 20, q: q || undefined, language, status: 4 });
        if (mine === request.current) setOptions(page.items.map((item) => item.question));
      } catch {
        if (mine === request.current) setOptions([]);
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [slug, language],
  );
  useEffect(() => void search(''), [search]);

  const merged = useMemo(() => [...new Set([...(value ?? []), ...options])].map((question) => ({ value: question, label: question })), [value, options]);

  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      options={merged}
      onSearch={(q) => void search(q)}
      filterOption={false}
      maxCount={MAX_WELCOME}
      loading={loading}
      disabled={disabled}
      placeholder={t('config.welcomeQuestionsPlaceholder')}
      notFoundContent={loading ? <Spin size="small" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      showSearch
      data-testid="welcome-questions"
    />
  );
}

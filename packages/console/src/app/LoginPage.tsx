import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import type { AppRef } from '../api/types';
import { useT } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { useAuth } from './auth';

interface Values {
  email: string;
  password: string;
  sdkAppId?: number;
}

export default function LoginPage() {
  const t = useT();
  const auth = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [apps, setApps] = useState<AppRef[]>();

  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const choose = await auth.login(values.email, values.password, values.sdkAppId);
      if (choose) {
        setApps(choose);
        form.setFieldValue('sdkAppId', choose[0]?.sdkAppId);
      }
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card" data-testid="login-page">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {auth.notice === 'expired' && <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={t('login.failed', { message: error })} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, whitespace: true, message: t('login.emailRequired') }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="login-email" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {apps && (
            <Form.Item name="sdkAppId" label={t('login.chooseApp')}>
              <Radio.Group>
                <Space orientation="vertical">
                  {apps.map((app) => (
                    <Radio key={app.sdkAppId} value={app.sdkAppId}>
                      {app.name} ({app.sdkAppId})
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

// One account's web channel: the H5 chat link, its QR code (view, download), the embed snippet, and
// rotating the public key (the old link, QR code and embeds stop working at once).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { accountsApi, type Account, type WebChannel } from '../../api/service';
import { useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';

export function ChannelDrawer({ account, onClose }: { account: Account; onClose(): void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [channel, setChannel] = useState<WebChannel>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const page = await accountsApi.channels({ page: 1, pageSize: 100, q: account.accountId });
      setChannel(page.items.find((c) => c.accountId === account.accountId));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [account.accountId]);
  useEffect(() => void load(), [load]);

  const rotate = () =>
    modal.confirm({
      title: t('chan.rotateTitle'),
      content: t('chan.rotateText'),
      okText: t('chan.rotate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          setChannel(await accountsApi.rotateKey(account.accountId));
          message.success(t('chan.rotated'));
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });

  return (
    <Drawer open width={640} title={t('chan.title', { name: account.nick })} onClose={onClose} data-testid="channel-drawer">
      {error && <Alert type="error" showIcon title={t('app.loadFailed', { message: error })} />}
      {!channel && !error && <Spin />}
      {channel && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('chan.link')}>
              <Typography.Link href={channel.chatUrl} target="_blank" copyable={{ text: channel.chatUrl }} data-testid="chat-url">
                {channel.chatUrl}
              </Typography.Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('chan.qr')}>
              <Space direction="vertical">
                <img src={channel.qrCodeUrl} alt={t('chan.qr')} width={160} height={160} data-testid="qr" />
                <Button size="small" icon={<DownloadOutlined />} href={channel.qrCodeUrl} download={`parley-${account.accountId}.svg`}>
                  {t('chan.download')}
                </Button>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('chan.embed')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('chan.embedHelp')}</Typography.Paragraph>
            <Typography.Paragraph code copyable={{ text: channel.embedScript }} className="snippet" data-testid="embed-snippet">
              {channel.embedScript}
            </Typography.Paragraph>
          </div>
          <Alert
            type="warning"
            showIcon
            title={t('chan.rotateTitle')}
            description={t('chan.rotateText')}
            action={
              <Button danger icon={<ReloadOutlined />} onClick={rotate} data-testid="rotate-key">
                {t('chan.rotate')}
              </Button>
            }
          />
        </Space>
      )}
    </Drawer>
  );
}

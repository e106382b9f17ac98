// Customer-service accounts and their web channels (spec 01 §12): list with search and paging, add,
// edit (prompts per language, robot, assignment, working hours), delete; per account the chat link,
// QR code, embed snippet and key rotation.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Empty, Input, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { accountsApi, type Account } from '../../api/service';
import { useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { AccountDrawer } from './AccountDrawer';
import { ChannelDrawer } from './ChannelDrawer';

const PAGE_SIZE = 10;

export default function AccountsPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const [query, setQuery] = useState({ page: 1, q: '' });
  const [data, setData] = useState<{ items: Account[]; total: number }>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<Account | 'new'>();
  const [channel, setChannel] = useState<Account>();

  const load = useCallback(async () => {
    try {
      setData(await accountsApi.list({ page: query.page, pageSize: PAGE_SIZE, q: query.q }));
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [query]);
  useEffect(() => void load(), [load]);

  const remove = (account: Account) =>
    modal.confirm({
      title: t('acc.deleteTitle', { name: account.nick }),
      content: t('acc.deleteText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await accountsApi.remove(account.accountId);
          message.success(t('acc.deleted', { name: account.nick }));
          await load();
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });

  return (
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('acc.title')}</Typography.Title>
        <span style={{ flex: 1 }} />
        <Input.Search allowClear placeholder={t('acc.search')} style={{ width: 260 }} onSearch={(q) => setQuery({ page: 1, q: q.trim() })} data-testid="accounts-search" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-account">
          {t('acc.add')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('acc.intro')}</Typography.Paragraph>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Account>
          rowKey="accountId"
          loading={!data && !error}
          dataSource={data?.items}
          data-testid="accounts-table"
          pagination={{ current: query.page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showTotal: (count) => t('common.total', { count }), onChange: (page) => setQuery((q) => ({ ...q, page })) }}
          locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={query.q ? t('acc.noMatch') : t('acc.empty')} /> }}
          columns={[
            {
              title: t('acc.nick'),
              dataIndex: 'nick',
              render: (nick: string, account) => (
                <Space>
                  <Typography.Link onClick={() => setEditing(account)}>{nick}</Typography.Link>
                  {account.isDefault && <Tag>{t('common.default')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('acc.id'),
              dataIndex: 'accountId',
              width: 220,
              ellipsis: true,
              render: (id: string) => (
                <Typography.Text code copyable={{ text: id }}>
                  {id}
                </Typography.Text>
              ),
            },
            {
              title: t('acc.chatbot'),
              dataIndex: 'chatbotDisabled',
              width: 110,
              render: (off: boolean) => <Tag color={off ? 'default' : 'blue'}>{t(off ? 'common.disabled' : 'common.enabled')}</Tag>,
            },
            { title: t('acc.strategy'), dataIndex: 'assignmentStrategy', width: 150, render: (s: Account['assignmentStrategy']) => t(`acc.strategy.${s}`) },
            { title: t('acc.workTime'), dataIndex: ['workTime', 'mode'], width: 150, render: (mode: Account['workTime']['mode']) => t(`acc.mode.${mode}`) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 250,
              render: (_: unknown, account) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(account)} data-testid={`edit-account-${account.accountId}`}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" onClick={() => setChannel(account)} data-testid={`channel-${account.accountId}`}>
                    {t('acc.channel')}
                  </Button>
                  <Button size="small" danger disabled={account.isDefault} title={account.isDefault ? t('acc.defaultUndeletable') : undefined} onClick={() => remove(account)}>
                    {t('common.delete')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <AccountDrawer
          account={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async (saved, created) => {
            message.success(t(created ? 'acc.created' : 'common.saved', { name: saved.nick }));
            setEditing(undefined);
            await load();
          }}
        />
      )}
      {channel && <ChannelDrawer account={channel} onClose={() => setChannel(undefined)} />}
    </>
  );
}

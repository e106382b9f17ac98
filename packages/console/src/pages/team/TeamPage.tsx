// Team (spec 01 §10): members (search, paging, add with roles, edit, reset password, force offline,
// restore, delete; a new password shown once) and agent groups (create, edit members with a Transfer).
// Edits send the revision they loaded; a refusal because someone else saved meanwhile offers a reload.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Transfer, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { teamApiClient as api, type GroupSummary, type IssuedPassword, type TeamMember } from '../../api/service';
import { useAuth } from '../../app/auth';
import { useT } from '../../i18n';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { applyServerErrors, errorMessage, isEditConflict } from '../../ui/errors';
import { useConfirmDiscard } from '../../ui/useUnsavedGuard';

const PAGE_SIZE = 10;
const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

export default function TeamPage() {
  const t = useT();
  return (
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('team.title')}</Typography.Title>
      </div>
      <Tabs
        items={[
          { key: 'members', label: t('team.members'), children: <Members /> },
          { key: 'groups', label: t('team.groups'), children: <Groups /> },
        ]}
      />
    </>
  );
}

function usePaged<T>(fetch: (query: { page: number; pageSize: number; q: string }) => Promise<{ items: T[]; total: number }>) {
  const [query, setQuery] = useState({ page: 1, q: '' });
  const [data, setData] = useState<{ items: T[]; total: number }>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      setData(await fetch({ page: query.page, pageSize: PAGE_SIZE, q: query.q }));
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [fetch, query]);
  useEffect(() => void load(), [load]);
  return { query, setQuery, data, error, load };
}

function Members() {
  const t = useT();
  const { message, modal } = App.useApp();
  const me = useAuth().member;
  const { query, setQuery, data, error, load } = usePaged<TeamMember>(api.members);
  const [editing, setEditing] = useState<TeamMember | 'new'>();
  const [issued, setIssued] = useState<IssuedPassword>();

  const act = (title: string, text: string, run: () => Promise<unknown>, done: string, danger = true) =>
    modal.confirm({
      title,
      content: text,
      okText: t('common.confirm'),
      okButtonProps: { danger },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const result = await run();
          if (result && typeof result === 'object' && 'password' in result && (result as IssuedPassword).password) setIssued(result as IssuedPassword);
          else message.success(done);
          await load();
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });

  return (
    <>
      <div className="page-head">
        <Input.Search allowClear placeholder={t('team.searchMembers')} style={{ width: 280 }} onSearch={(q) => setQuery({ page: 1, q: q.trim() })} data-testid="members-search" />
        <span style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-member">
          {t('team.addMember')}
        </Button>
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<TeamMember>
          rowKey="memberId"
          loading={!data && !error}
          dataSource={data?.items}
          data-testid="members-table"
          pagination={{ current: query.page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showTotal: (count) => t('common.total', { count }), onChange: (page) => setQuery((q) => ({ ...q, page })) }}
          locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={query.q ? t('team.noMatch') : t('team.emptyMembers')} /> }}
          columns={[
            { title: t('team.nick'), dataIndex: 'nick', ellipsis: true },
            { title: t('team.email'), dataIndex: 'email', ellipsis: true },
            { title: t('team.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`team.role.${r as 'admin'}`)}</Tag>) },
            {
              title: t('common.status'),
              key: 'state',
              width: 120,
              render: (_: unknown, m) =>
                m.deletedAt ? <Tag color="red">{t('team.deleted')}</Tag> : m.loginDisabled ? <Tag color="orange">{t('team.loginDisabled')}</Tag> : <Tag color="green">{t('team.active')}</Tag>,
            },
            { title: t('team.lastOnline'), dataIndex: 'lastOnlineAt', width: 150, render: when },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 300,
              render: (_: unknown, m) => {
                const superAdmin = m.roles.includes('super_admin');
                const self = m.memberId === me?.memberId;
                if (m.deletedAt) return <Typography.Text type="secondary">—</Typography.Text>;
                return (
                  <Space size={4} wrap>
                    <Button size="small" disabled={superAdmin} onClick={() => setEditing(m)}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="small"
                      disabled={superAdmin || self}
                      onClick={() => act(t('team.resetTitle', { name: m.nick }), t('team.resetText'), () => api.resetPassword(m.memberId), t('team.resetMailed'))}
                    >
                      {t('team.reset')}
                    </Button>
                    {m.loginDisabled ? (
                      <Button size="small" onClick={() => act(t('team.restoreTitle', { name: m.nick }), t('team.restoreText'), () => api.restore(m.memberId), t('team.restored'), false)}>
                        {t('team.restore')}
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        disabled={superAdmin || self}
                        onClick={() => act(t('team.offlineTitle', { name: m.nick }), t('team.offlineText'), () => api.forceOffline(m.memberId), t('team.offlineDone'))}
                      >
                        {t('team.forceOffline')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      danger
                      disabled={superAdmin || self}
                      onClick={() => act(t('team.deleteTitle', { name: m.nick }), t('team.deleteText'), () => api.deleteMember(m.memberId), t('team.deletedNow'))}
                    >
                      {t('common.delete')}
                    </Button>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      {editing && (
        <MemberDialog
          member={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async (result) => {
            setEditing(undefined);
            if (result?.password) setIssued(result);
            else message.success(t('common.saved'));
            await load();
          }}
        />
      )}
      <Modal
        open={!!issued}
        title={t('team.passwordTitle')}
        onOk={() => setIssued(undefined)}
        onCancel={() => setIssued(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText={t('team.passwordDone')}
        data-testid="password-modal"
      >
        <Alert type="warning" showIcon title={t('team.passwordOnce', { email: issued?.member.email ?? '' })} style={{ marginBottom: 12 }} />
        <Typography.Paragraph code copyable={{ text: issued?.password ?? '' }} data-testid="issued-password" style={{ fontSize: 16 }}>
          {issued?.password}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

interface MemberValues {
  email: string;
  nick: string;
  roles: ('admin' | 'staff')[];
  phone: string;
  maxConcurrent: number | null;
}

function MemberDialog({ member, onClose, onSaved }: { member?: TeamMember; onClose(): void; onSaved(result?: IssuedPassword): void }) {
  const t = useT();
  const [form] = Form.useForm<MemberValues>();
  const confirmDiscard = useConfirmDiscard();
  const cancel = async () => (await confirmDiscard(form.isFieldsTouched())) && onClose();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** The revision being edited: the row's, or the one a conflict's reload fetched. */
  const [revision, setRevision] = useState(member?.updatedAt);
  /** A save was refused: someone else changed the member since the dialog opened. */
  const [conflict, setConflict] = useState(false);
  const reload = async () => {
    if (!member) return;
    try {
      const latest = await api.member(member.memberId);
      form.setFieldsValue({ nick: latest.nick, roles: latest.roles.filter((r) => r !== 'super_admin') as MemberValues['roles'], phone: latest.phone, maxConcurrent: latest.maxConcurrent });
      setRevision(latest.updatedAt);
      setConflict(false);
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    setConflict(false);
    try {
      if (member) {
        await api.updateMember(member.memberId, {
          nick: values.nick,
          roles: values.roles,
          phone: values.phone ?? '',
          maxConcurrent: values.maxConcurrent ?? null,
          ...(revision ? { expectedRevision: revision } : {}),
        });
        onSaved();
      } else {
        onSaved(
          await api.addMember({
            email: values.email,
            nick: values.nick,
            roles: values.roles,
            ...(values.phone ? { phone: values.phone } : {}),
            ...(values.maxConcurrent ? { maxConcurrent: values.maxConcurrent } : {}),
          }),
        );
      }
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setError(applyServerErrors(form, failure, { aliases: { email: 'email', nick: 'nick', roles: 'roles', phone: 'phone', maxConcurrent: 'maxConcurrent', Member: 'email' } }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={member ? t('team.editMember', { name: member.nick }) : t('team.addMember')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={() => void cancel()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="member-dialog"
    >
      {conflict && <ConflictAlert onReload={() => void reload()} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={() => void submit()}
        initialValues={
          member
            ? { email: member.email, nick: member.nick, roles: member.roles.filter((r) => r !== 'super_admin'), phone: member.phone, maxConcurrent: member.maxConcurrent }
            : { roles: ['staff'], phone: '', maxConcurrent: null }
        }
      >
        <Form.Item name="email" label={t('team.email')} rules={[{ required: true, type: 'email', message: t('team.emailInvalid') }]}>
          <Input disabled={!!member} autoFocus={!member} data-testid="member-email" />
        </Form.Item>
        <Form.Item name="nick" label={t('team.nick')} rules={[{ required: true, whitespace: true, message: t('team.nickRequired') }, { max: 50 }]}>
          <Input maxLength={50} data-testid="member-nick" />
        </Form.Item>
        <Form.Item name="roles" label={t('team.roles')} rules={[{ required: true, message: t('team.rolesRequired') }]} extra={t('team.rolesHelp')}>
          <Checkbox.Group options={(['admin', 'staff'] as const).map((r) => ({ value: r, label: t(`team.role.${r}`) }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="phone" label={t('team.phone')}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="maxConcurrent" label={t('team.capacity')} extra={t('team.capacityHelp')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        </Space>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Form>
    </Modal>
  );
}

function Groups() {
  const t = useT();
  const { message, modal } = App.useApp();
  const { query, setQuery, data, error, load } = usePaged<GroupSummary>(api.groups);
  const [editing, setEditing] = useState<GroupSummary | 'new'>();
  const remove = (group: GroupSummary) =>
    modal.confirm({
      title: t('team.deleteGroupTitle', { name: group.name }),
      content: t('team.deleteGroupText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.deleteGroup(group.groupId);
          message.success(t('team.groupDeleted'));
          await load();
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });
  return (
    <>
      <div className="page-head">
        <Input.Search allowClear placeholder={t('team.searchGroups')} style={{ width: 280 }} onSearch={(q) => setQuery({ page: 1, q: q.trim() })} />
        <span style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-group">
          {t('team.addGroup')}
        </Button>
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<GroupSummary>
          rowKey="groupId"
          loading={!data && !error}
          dataSource={data?.items}
          data-testid="groups-table"
          pagination={{ current: query.page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showTotal: (count) => t('common.total', { count }), onChange: (page) => setQuery((q) => ({ ...q, page })) }}
          locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={query.q ? t('team.noMatch') : t('team.emptyGroups')} /> }}
          columns={[
            { title: t('team.groupName'), dataIndex: 'name' },
            { title: t('team.groupId'), dataIndex: 'groupId', width: 100 },
            { title: t('team.memberCount'), dataIndex: 'memberCount', width: 120 },
            { title: t('team.createdAt'), dataIndex: 'createdAt', width: 170, render: when },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 170,
              render: (_: unknown, g) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(g)}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" danger onClick={() => remove(g)}>
                    {t('common.delete')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <GroupDialog
          group={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            message.success(t('common.saved'));
            await load();
          }}
        />
      )}
    </>
  );
}

function GroupDialog({ group, onClose, onSaved }: { group?: GroupSummary; onClose(): void; onSaved(): void }) {
  const t = useT();
  const [form] = Form.useForm<{ name: string }>();
  const [all, setAll] = useState<TeamMember[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [moved, setMoved] = useState(false);
  const confirmDiscard = useConfirmDiscard();
  const cancel = async () => (await confirmDiscard(moved || form.isFieldsTouched())) && onClose();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** The revision of the group as loaded here (its members with it). */
  const [revision, setRevision] = useState<string>();
  /** A save was refused: someone else changed the group since the dialog opened. */
  const [conflict, setConflict] = useState(false);
  /** Bumped by the conflict's reload: loads the group again (dropping the edits on screen). */
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    void (async () => {
      const members: TeamMember[] = [];
      for (let page = 1; page <= 20; page++) {
        const result = await api.members({ page, pageSize: 100 });
        members.push(...result.items.filter((m) => !m.deletedAt));
        if (page * 100 >= result.total) break;
      }
      setAll(members);
      if (group) {
        const latest = await api.group(group.groupId);
        setSelected(latest.members.map((m) => m.memberId));
        setRevision(latest.updatedAt);
        if (reloads > 0) {
          form.setFieldsValue({ name: latest.name });
          setMoved(false);
          setConflict(false);
        }
      }
    })().catch((failure: unknown) => setError(errorMessage(failure)));
  }, [group, form, reloads]);
  const submit = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    setConflict(false);
    try {
      if (group) await api.updateGroup(group.groupId, { name, memberIds: selected, ...(revision ? { expectedRevision: revision } : {}) });
      else await api.addGroup(name, selected);
      onSaved();
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setError(applyServerErrors(form, failure, { fallbackField: 'name', aliases: { name: 'name' } }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={720}
      title={group ? t('team.editGroup', { name: group.name }) : t('team.addGroup')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={() => void cancel()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="group-dialog"
    >
      {conflict && <ConflictAlert onReload={() => setReloads((n) => n + 1)} />}
      <Form form={form} layout="vertical" initialValues={{ name: group?.name ?? '' }} onFinish={() => void submit()}>
        <Form.Item name="name" label={t('team.groupName')} rules={[{ required: true, whitespace: true, message: t('team.groupNameRequired') }, { max: 50 }]}>
          <Input maxLength={50} autoFocus data-testid="group-name" />
        </Form.Item>
        <Form.Item label={t('team.groupMembers')}>
          <Transfer
            dataSource={all.map((m) => ({ key: m.memberId, title: `${m.nick} <${m.email}>` }))}
            targetKeys={selected}
            onChange={(keys) => {
              setSelected(keys.map(String));
              setMoved(true);
            }}
            render={(item) => item.title}
            showSearch
            filterOption={(input, item) => item.title.toLowerCase().includes(input.toLowerCase())}
            titles={[t('team.available'), t('team.inGroup')]}
            listStyle={{ width: 300, height: 320 }}
            locale={{ searchPlaceholder: t('common.search') }}
          />
        </Form.Item>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Form>
    </Modal>
  );
}

// Shared quick replies (spec 01 §9): categories on the left, replies (search, paging) on the right;
// add, edit, delete, and bulk add (one reply a line: "title | content" or just the content).
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Menu, Modal, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { quickRepliesClient as api, type QuickReply, type QuickReplyCategory } from '../../api/service';
import { useT } from '../../i18n';
import { applyServerErrors, errorMessage } from '../../ui/errors';
import { useConfirmDiscard } from '../../ui/useUnsavedGuard';

const PAGE_SIZE = 10;

export default function QuickRepliesPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const [categories, setCategories] = useState<QuickReplyCategory[]>();
  const [categoryId, setCategoryId] = useState<number>();
  const [query, setQuery] = useState({ page: 1, q: '' });
  const [data, setData] = useState<{ items: QuickReply[]; total: number }>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<QuickReply | 'new'>();
  const [bulk, setBulk] = useState(false);
  const [naming, setNaming] = useState<QuickReplyCategory | 'new'>();

  const loadCategories = useCallback(async () => {
    try {
      const { items } = await api.categories();
      setCategories(items);
      setCategoryId((current) => (current && items.some((c) => c.categoryId === current) ? current : items[0]?.categoryId));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, []);
  useEffect(() => void loadCategories(), [loadCategories]);
  const load = useCallback(async () => {
    if (!categoryId) return setData({ items: [], total: 0 });
    try {
      setData(await api.replies({ page: query.page, pageSize: PAGE_SIZE, q: query.q, categoryId }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [categoryId, query]);
  useEffect(() => void load(), [load]);
  const category = categories?.find((c) => c.categoryId === categoryId);

  const confirmDelete = (title: string, run: () => Promise<unknown>) =>
    modal.confirm({
      title,
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await run();
          await loadCategories();
          await load();
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });

  return (
    <>
      <div className="page-head">
        <Typography.Title level={4}>{t('qr.title')}</Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{t('qr.intro')}</Typography.Paragraph>
      <div className="split">
        <Card
          title={t('qr.categories')}
          size="small"
          style={{ width: 240, flex: 'none' }}
          styles={{ body: { padding: 4 } }}
          extra={<Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setNaming('new')} aria-label={t('qr.addCategory')} data-testid="add-qr-category" />}
        >
          {categories?.length ? (
            <Menu
              mode="inline"
              selectedKeys={categoryId ? [String(categoryId)] : []}
              onClick={({ key }) => {
                setCategoryId(Number(key));
                setQuery({ page: 1, q: '' });
              }}
              style={{ borderInlineEnd: 0 }}
              items={categories.map((c) => ({ key: String(c.categoryId), label: `${c.name} (${c.replyCount})` }))}
            />
          ) : (
            <Empty description={t('qr.noCategories')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
        <Card
          style={{ flex: 1, minWidth: 0 }}
          styles={{ body: { padding: 0 } }}
          title={category?.name ?? t('qr.replies')}
          extra={
            category && (
              <Space wrap>
                <Input.Search allowClear placeholder={t('qr.search')} style={{ width: 200 }} onSearch={(q) => setQuery({ page: 1, q: q.trim() })} />
                <Button size="small" onClick={() => setNaming(category)}>
                  {t('common.rename')}
                </Button>
                <Button size="small" danger onClick={() => confirmDelete(t('qr.deleteCategory', { name: category.name }), () => api.deleteCategory(category.categoryId))}>
                  {t('common.delete')}
                </Button>
                <Button size="small" onClick={() => setBulk(true)}>
                  {t('qr.bulk')}
                </Button>
                <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-quick-reply">
                  {t('qr.add')}
                </Button>
              </Space>
            )
          }
        >
          <Table<QuickReply>
            rowKey="replyId"
            dataSource={data?.items}
            loading={!data && !error}
            pagination={{
              current: query.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showTotal: (count) => t('common.total', { count }),
              onChange: (page) => setQuery((q) => ({ ...q, page })),
            }}
            locale={{ emptyText: error ? t('app.loadFailed', { message: error }) : <Empty description={category ? t('qr.empty') : t('qr.noCategories')} /> }}
            columns={[
              { title: t('qr.replyTitle'), dataIndex: 'title', width: 200, ellipsis: true },
              { title: t('qr.content'), dataIndex: 'content', ellipsis: true },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 150,
                render: (_: unknown, r) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(r)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="small" danger onClick={() => confirmDelete(t('qr.deleteReply', { name: r.title }), () => api.remove(r.replyId))}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </div>
      {naming && (
        <TextDialog
          title={naming === 'new' ? t('qr.addCategory') : t('common.rename')}
          fields={[{ name: 'name', label: t('qr.categoryName'), max: 20, initial: naming === 'new' ? '' : naming.name }]}
          onClose={() => setNaming(undefined)}
          onSubmit={async ({ name }) => {
            if (naming === 'new') setCategoryId((await api.addCategory(name)).categoryId);
            else await api.renameCategory(naming.categoryId, name);
            setNaming(undefined);
            await loadCategories();
          }}
        />
      )}
      {editing && categoryId && (
        <TextDialog
          title={editing === 'new' ? t('qr.add') : t('common.edit')}
          fields={[
            { name: 'title', label: t('qr.replyTitle'), max: 50, initial: editing === 'new' ? '' : editing.title },
            { name: 'content', label: t('qr.content'), max: 2000, initial: editing === 'new' ? '' : editing.content, area: true },
          ]}
          onClose={() => setEditing(undefined)}
          onSubmit={async ({ title, content }) => {
            if (editing === 'new') await api.add({ categoryId, title, content });
            else await api.update(editing.replyId, { title, content });
            setEditing(undefined);
            message.success(t('common.saved'));
            await loadCategories();
            await load();
          }}
        />
      )}
      {bulk && categoryId && (
        <TextDialog
          title={t('qr.bulk')}
          help={t('qr.bulkHelp')}
          fields={[{ name: 'text', label: t('qr.bulkText'), max: 1_000_000, initial: '', area: true }]}
          onClose={() => setBulk(false)}
          onSubmit={async ({ text }) => {
            const { added } = await api.bulk(categoryId, text);
            setBulk(false);
            message.success(t('qr.bulkAdded', { count: added }));
            await loadCategories();
            await load();
          }}
        />
      )}
    </>
  );
}

interface Field {
  name: string;
  label: string;
  max: number;
  initial: string;
  area?: boolean;
}

function TextDialog({ title, help, fields, onClose, onSubmit }: { title: string; help?: string; fields: Field[]; onClose(): void; onSubmit(values: Record<string, string>): Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<Record<string, string>>();
  const confirmDiscard = useConfirmDiscard();
  const cancel = async () => (await confirmDiscard(form.isFieldsTouched())) && onClose();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(values);
    } catch (failure) {
      setError(applyServerErrors(form, failure, { fallbackField: fields[0].name }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={() => void cancel()} confirmLoading={busy} destroyOnHidden>
      {help && <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>}
      <Form form={form} layout="vertical" initialValues={Object.fromEntries(fields.map((f) => [f.name, f.initial]))} onFinish={() => void submit()}>
        {fields.map((f, i) => (
          <Form.Item key={f.name} name={f.name} label={f.label} rules={[{ required: true, whitespace: true, message: t('qr.required') }, { max: f.max }]}>
            {f.area ? <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} autoFocus={i === 0} /> : <Input autoFocus={i === 0} maxLength={f.max} />}
          </Form.Item>
        ))}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Form>
    </Modal>
  );
}

// The two-level category tree: select to filter, add (top level or below a top-level one), rename,
// delete (saying what goes with it). System categories (all, presets) cannot be changed.
import { useEffect, useState } from 'react';
import { App, Button, Card, Dropdown, Empty, Form, Input, Modal, Tree, type MenuProps, type TreeDataNode } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, FolderAddOutlined, MoreOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { libraryApi } from '../../api/endpoints';
import type { Category, Library } from '../../api/types';
import { useI18n } from '../../i18n';
import { applyServerErrors, errorMessage } from '../../ui/errors';
import { useRobot } from '../robots/robot-context';
import { categoryTitle, categoryTree, MENU } from './categories';

interface Props {
  library: Library;
  categories: Category[];
  selected?: number;
  onSelect(categoryId: number | undefined): void;
  onChanged(): Promise<void>;
}

type Editing = { mode: 'add'; parentId?: number } | { mode: 'rename'; category: Category };

export function CategoryTree({ library, categories, selected, onSelect, onChanged }: Props) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const { slug } = useRobot();
  const [editing, setEditing] = useState<Editing>();
  const nodes = categoryTree(categories);

  const remove = (category: Category) => {
    const subs = categories.filter((c) => c.parentId === category.categoryId).length;
    modal.confirm({
      title: t('lib.deleteCategoryTitle', { name: category.title }),
      content: t('lib.deleteCategoryText', { subs }),
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete-category' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await libraryApi.deleteCategory(slug, library, category.categoryId);
          message.success(t('lib.categoryDeleted'));
          if (selected === category.categoryId || categories.some((c) => c.categoryId === selected && c.parentId === category.categoryId)) onSelect(undefined);
          await onChanged();
        } catch (failure) {
          message.error(t('common.error', { message: errorMessage(failure) }));
        }
      },
    });
  };

  // Spec 01 §3.4: a system preset category's entries are switched on or off together.
  const setAll = async (category: Category, status: 4 | 5) => {
    try {
      const page = await libraryApi.questions(slug, library, { page: 1, pageSize: 1000, categoryId: category.categoryId });
      const ids = page.items.map((q) => q.questionId);
      if (ids.length) await libraryApi.setStatus(slug, library, ids, status);
      message.success(t('lib.statusChanged', { count: ids.length }));
      await onChanged();
    } catch (failure) {
      message.error(t('common.error', { message: errorMessage(failure) }));
    }
  };

  const title = (category: Category) => {
    const editable = category.menuType === MENU.ordinary;
    const preset = category.menuType === MENU.preset;
    const presetItems: MenuProps['items'] = [
      { key: 'on', icon: <CheckCircleOutlined />, label: t('lib.presetEnableAll'), onClick: () => void setAll(category, 4) },
      { key: 'off', icon: <StopOutlined />, label: t('lib.presetDisableAll'), onClick: () => void setAll(category, 5) },
    ];
    const items: MenuProps['items'] = [
      ...(category.parentId === 0 ? [{ key: 'sub', icon: <FolderAddOutlined />, label: t('lib.addSubcategory'), onClick: () => setEditing({ mode: 'add', parentId: category.categoryId }) }] : []),
      { key: 'rename', icon: <EditOutlined />, label: t('common.rename'), onClick: () => setEditing({ mode: 'rename', category }) },
      { key: 'delete', icon: <DeleteOutlined />, label: t('common.delete'), danger: true, onClick: () => remove(category) },
    ];
    return (
      <span className="tree-node" data-testid="category-node" data-category-id={category.categoryId}>
        <span className="tree-node-title">{categoryTitle(category, locale, t)}</span>
        {(editable || preset) && (
          <span className="tree-node-actions" onClick={(event) => event.stopPropagation()}>
            <Dropdown menu={{ items: editable ? items : presetItems }} trigger={['click']}>
              <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="category-actions" />
            </Dropdown>
          </span>
        )}
      </span>
    );
  };

  const treeData: TreeDataNode[] = nodes.map(({ category, children }) => ({
    key: category.categoryId,
    title: title(category),
    children: children.map((child) => ({ key: child.categoryId, title: title(child), isLeaf: true })),
  }));

  return (
    <Card
      size="small"
      className="library-tree"
      title={t('lib.categories')}
      extra={
        <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'add' })} data-testid="add-category">
          {t('lib.addCategory')}
        </Button>
      }
    >
      {treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lib.noCategories')} />
      ) : (
        <Tree
          // A new category (added here or by an import) shows up expanded.
          key={categories.length}
          blockNode
          defaultExpandAll
          selectedKeys={selected !== undefined ? [selected] : []}
          onSelect={(keys) => onSelect(keys.length ? Number(keys[0]) : undefined)}
          treeData={treeData}
          data-testid="category-tree"
        />
      )}
      <CategoryDialog library={library} editing={editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />
    </Card>
  );
}

function CategoryDialog({ library, editing, onClose, onSaved }: { library: Library; editing?: Editing; onClose(): void; onSaved(): Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { slug } = useRobot();
  const [form] = Form.useForm<{ title: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (editing) form.setFieldsValue({ title: editing.mode === 'rename' ? editing.category.title : '' });
  }, [editing, form]);

  const submit = async () => {
    if (!editing) return;
    const { title } = await form.validateFields();
    setBusy(true);
    try {
      if (editing.mode === 'add') await libraryApi.addCategory(slug, library, title.trim(), editing.parentId);
      else await libraryApi.renameCategory(slug, library, editing.category.categoryId, title.trim());
      message.success(t('common.saved'));
      onClose();
      await onSaved();
    } catch (failure) {
      applyServerErrors(form, failure, { fallbackField: 'title' });
    } finally {
      setBusy(false);
    }
  };

  const heading = !editing ? '' : editing.mode === 'rename' ? t('common.rename') : editing.parentId ? t('lib.addSubcategory') : t('lib.addCategory');
  return (
    <Modal open={!!editing} title={heading} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={() => void submit()} initialValues={{ title: editing?.mode === 'rename' ? editing.category.title : '' }}>
        <Form.Item name="title" label={t('lib.categoryName')} rules={[{ required: true, whitespace: true, message: t('lib.categoryNameRequired') }, { max: 50 }]}>
          <Input maxLength={50} showCount autoFocus data-testid="category-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

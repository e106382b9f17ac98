// Add or edit one entry: category, language, standard question, similar questions (add, edit, remove,
// paste many), plain or rich-text answer, status. A failed save keeps the input and shows the server's
// refusal at the field it concerns; closing with unsaved edits asks first.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Modal, Radio, Select, Space, Spin, Switch, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SnippetsOutlined } from '@ant-design/icons';
import { libraryApi } from '../../api/endpoints';
import type { Category, Library, Question } from '../../api/types';
import { languageLabel, useI18n } from '../../i18n';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { applyServerErrors, errorMessage, isEditConflict } from '../../ui/errors';
import { useConfirmDiscard } from '../../ui/useUnsavedGuard';
import { useRobot } from '../robots/robot-context';
import { categoryTitle, categoryTree, MENU } from './categories';
import { MarkdownInput } from './MarkdownInput';

interface Values {
  categoryId?: number;
  languageTag: string;
  question: string;
  similar: string[];
  answerType: number;
  answer: string;
  enabled: boolean;
}

interface Props {
  library: Library;
  categories: Category[];
  /** undefined: closed; 'new': adding; otherwise the id of the entry being edited. */
  target?: string;
  defaultCategoryId?: number;
  defaultLanguage: string;
  onClose(): void;
  onSaved(): void;
}

// Server messages that name a field in words (they carry no path) and the field they concern.
const MESSAGE_FIELDS = {
  'The standard question': 'question',
  Question: 'question',
  Answer: 'answer',
  'A similar question': 'similar',
  'At most 200 similar': 'similar',
  CategoryId: 'categoryId',
  Language: 'languageTag',
};

export function QuestionDrawer({ library, categories, target, defaultCategoryId, defaultLanguage, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { slug, languages } = useRobot();
  const [form] = Form.useForm<Values>();
  const [existing, setExisting] = useState<Question>();
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  /** A save was refused: someone else changed the entry since it was loaded. */
  const [conflict, setConflict] = useState(false);
  /** Bumped by the conflict's reload: loads the entry again (dropping the edits on screen). */
  const [reloads, setReloads] = useState(0);
  const [pasting, setPasting] = useState(false);
  const confirmDiscard = useConfirmDiscard();
  const answerType = Form.useWatch('answerType', form);
  const open = target !== undefined;
  const editing = target !== undefined && target !== 'new';
  const preset = existing?.questionType === 1;

  useEffect(() => {
    setRefusal(undefined);
    setConflict(false);
    setExisting(undefined);
    if (!open) return;
    form.resetFields();
    if (!editing) {
      const fallback = categories.find((c) => c.menuType === MENU.all)?.categoryId;
      const usable = categories.find((c) => c.categoryId === defaultCategoryId && c.menuType !== MENU.preset);
      form.setFieldsValue({ categoryId: usable?.categoryId ?? fallback, languageTag: defaultLanguage, question: '', similar: [], answerType: 0, answer: '', enabled: true });
      return;
    }
    let live = true;
    setLoading(true);
    libraryApi
      .question(slug, library, target)
      .then((question) => {
        if (!live) return;
        setExisting(question);
        form.setFieldsValue({
          categoryId: question.categoryId,
          languageTag: question.languageTag,
          question: question.question,
          similar: question.similar,
          answerType: question.answerType,
          answer: question.answer,
          enabled: question.status === 4,
        });
      })
      .catch((failure: unknown) => live && setRefusal(errorMessage(failure)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [open, editing, target, slug, library, form, categories, defaultCategoryId, defaultLanguage, reloads]);

  const close = async () => {
    if (await confirmDiscard(form.isFieldsTouched())) onClose();
  };

  const save = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is wrong
    }
    setBusy(true);
    setRefusal(undefined);
    setConflict(false);
    const similar = values.similar.map((s) => s.trim()).filter(Boolean);
    try {
      if (!editing) {
        await libraryApi.addQuestion(slug, library, {
          categoryId: values.categoryId!,
          question: values.question.trim(),
          answer: values.answer,
          answerType: values.answerType,
          similar,
          ...(library === 'faq' ? { languageTag: values.languageTag } : {}),
          status: values.enabled ? 4 : 5,
        });
      } else {
        await libraryApi.updateQuestion(slug, library, target, {
          question: values.question.trim(),
          answer: values.answer,
          answerType: values.answerType,
          similar,
          ...(values.categoryId !== existing?.categoryId ? { categoryId: values.categoryId } : {}),
          ...(existing ? { expectedRevision: existing.updatedAt } : {}),
        });
        const status = values.enabled ? 4 : 5;
        if (existing && status !== existing.status) await libraryApi.setStatus(slug, library, [target], status);
      }
      message.success(t('editor.saved'));
      onSaved();
      onClose();
    } catch (failure) {
      if (isEditConflict(failure)) setConflict(true);
      else setRefusal(applyServerErrors(form, failure, { aliases: MESSAGE_FIELDS }));
    } finally {
      setBusy(false);
    }
  };

  const treeData = categoryTree(categories)
    .filter(({ category }) => category.menuType !== MENU.preset || preset)
    .map(({ category, children }) => ({
      value: category.categoryId,
      title: categoryTitle(category, locale, t),
      disabled: category.menuType === MENU.preset && !preset,
      children: children.map((child) => ({ value: child.categoryId, title: categoryTitle(child, locale, t) })),
    }));

  const addPasted = (lines: string[]) => {
    const current: string[] = form.getFieldValue('similar') ?? [];
    const seen = new Set(current.map((s) => s.trim().toLowerCase()));
    const fresh = lines.filter((line) => {
      const key = line.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    form.setFieldValue('similar', [...current.filter((s) => s.trim()), ...fresh]);
    form.setFields([{ name: 'similar', touched: true, errors: [] }]);
    setPasting(false);
  };

  return (
    <Drawer
      open={open}
      size={600}
      title={t(editing ? 'editor.editTitle' : 'editor.addTitle')}
      onClose={() => void close()}
      maskClosable
      destroyOnHidden
      data-testid="question-drawer"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => void close()}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} loading={busy} disabled={loading} data-testid="question-save">
            {t('lib.done')}
          </Button>
        </Space>
      }
    >
      {loading ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={() => void save()} requiredMark>
          {preset && <Alert type="info" showIcon title={t('editor.preset')} style={{ marginBottom: 16 }} />}
          {conflict && <ConflictAlert onReload={() => setReloads((n) => n + 1)} />}
          {refusal && <Alert type="error" showIcon title={t('editor.serverRefused', { message: refusal })} style={{ marginBottom: 16 }} data-testid="question-refusal" />}
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="categoryId" label={t('editor.category')} rules={[{ required: true, message: t('editor.categoryRequired') }]} style={{ flex: 1 }}>
              <TreeSelect treeData={treeData} treeDefaultExpandAll disabled={preset} data-testid="question-category" />
            </Form.Item>
            {library === 'faq' && (
              <Form.Item name="languageTag" label={t('editor.language')} style={{ width: 180 }}>
                <Select disabled={editing} options={languages.map((tag) => ({ value: tag, label: languageLabel(t, tag) }))} />
              </Form.Item>
            )}
          </Space.Compact>
          <Form.Item name="question" label={t('editor.question')} rules={[{ required: true, whitespace: true, message: t('editor.questionRequired') }, { max: 500 }]}>
            <Input maxLength={500} showCount data-testid="question-text" />
          </Form.Item>
          <Form.Item label={t('editor.similar')} extra={t('editor.similarHelp')} required={false}>
            <Form.List
              name="similar"
              rules={[
                {
                  validator: async (_, list: string[] = []) => {
                    const seen = new Set<string>();
                    for (const item of list) {
                      const key = (item ?? '').trim().toLowerCase();
                      if (key && seen.has(key)) throw new Error(t('editor.similarDuplicate'));
                      seen.add(key);
                    }
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field, index) => (
                    <div className="similar-row" key={field.key}>
                      <Form.Item name={field.name} rules={[{ required: true, whitespace: true, message: t('editor.similarRequired') }, { max: 500 }]}>
                        <Input maxLength={500} aria-label={`${t('editor.similar')} ${index + 1}`} data-testid="similar-input" />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                    </div>
                  ))}
                  <Form.ErrorList errors={errors} />
                  <Space>
                    <Button icon={<PlusOutlined />} onClick={() => add('')} data-testid="similar-add">
                      {t('editor.similarAdd')}
                    </Button>
                    <Button icon={<SnippetsOutlined />} onClick={() => setPasting(true)} data-testid="similar-paste">
                      {t('editor.similarPaste')}
                    </Button>
                    <Typography.Text type="secondary">{fields.length} / 200</Typography.Text>
                  </Space>
                </>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="answerType" label={t('editor.answerType')}>
            <Radio.Group
              options={[
                { value: 0, label: t('editor.plain') },
                { value: 2, label: t('editor.rich') },
              ]}
            />
          </Form.Item>
          <Form.Item name="answer" label={t('editor.answer')} rules={[{ required: true, whitespace: true, message: t('editor.answerRequired') }, { max: 10000 }]}>
            {answerType === 2 ? <MarkdownInput maxLength={10000} /> : <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} maxLength={10000} showCount data-testid="answer-text" />}
          </Form.Item>
          <Form.Item name="enabled" label={t('editor.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
          </Form.Item>
        </Form>
      )}
      <PasteDialog open={pasting} onClose={() => setPasting(false)} onAdd={addPasted} />
    </Drawer>
  );
}

function PasteDialog({ open, onClose, onAdd }: { open: boolean; onClose(): void; onAdd(lines: string[]): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const lines = [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
  useEffect(() => {
    if (open) setText('');
  }, [open]);
  return (
    <Modal
      open={open}
      title={t('editor.similarPasteTitle')}
      okText={t('editor.similarPasteAdd', { count: lines.length })}
      okButtonProps={{ disabled: lines.length === 0, 'data-testid': 'similar-paste-add' }}
      cancelText={t('common.cancel')}
      onOk={() => onAdd(lines)}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('editor.similarPasteHelp')}</Typography.Paragraph>
      <Input.TextArea value={text} onChange={(event) => setText(event.target.value)} autoSize={{ minRows: 6, maxRows: 14 }} autoFocus data-testid="similar-paste-text" />
    </Modal>
  );
}

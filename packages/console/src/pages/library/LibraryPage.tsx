// The QA library and the small-talk library: category tree, a question table with paging, search,
// filters and bulk actions, the editor drawer, and (QA library) import and export.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Dropdown, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, DownOutlined, DownloadOutlined, PlusOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { libraryApi, robotsApi } from '../../api/endpoints';
import type { Category, Library, Question, QuestionPage } from '../../api/types';
import { languageLabel, useI18n } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { useRobot } from '../robots/robot-context';
import { categoryTitle, MENU } from './categories';
import { CategoryTree } from './CategoryTree';
import { ImportDialog } from './ImportDialog';
import { QuestionDrawer } from './QuestionDrawer';

const PAGE_SIZE = 10;

export function LibraryPage({ library }: { library: Library }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const { slug, languages, refresh, testOpen } = useRobot();
  const [params, setParams] = useSearchParams();
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryId, setCategoryId] = useState<number>();
  const [keyword, setKeyword] = useState('');
  const [status, setStatus] = useState<number>();
  const [language, setLanguage] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<QuestionPage>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [importing, setImporting] = useState(false);
  const [chitchatOff, setChitchatOff] = useState(false);
  const editTarget = params.get('edit') ?? undefined;

  const loadCategories = useCallback(async () => {
    try {
      setCategories((await libraryApi.categories(slug, library)).items);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [slug, library]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await libraryApi.questions(slug, library, { page, pageSize: PAGE_SIZE, q: keyword || undefined, categoryId, status, language: library === 'faq' ? language : undefined }));
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  }, [slug, library, page, keyword, categoryId, status, language]);

  useEffect(() => void loadCategories(), [loadCategories]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    setSelected([]);
  }, [slug, library, page, keyword, categoryId, status, language]);
  useEffect(() => {
    setCategoryId(undefined);
    setPage(1);
  }, [slug, library]);
  useEffect(() => {
    if (library !== 'chitchat') return;
    robotsApi
      .config(slug, '')
      .then((config) => setChitchatOff(!config.chitchatEnable))
      .catch(() => setChitchatOff(false));
  }, [slug, library]);

  const categoryById = useMemo(() => new Map(categories.map((c) => [c.categoryId, c])), [categories]);
  const changed = async () => {
    await Promise.all([load(), refresh()]);
  };

  const openEditor = (target: string | undefined) => {
    const next = new URLSearchParams(params);
    if (target) next.set('edit', target);
    else next.delete('edit');
    setParams(next, { replace: true });
  };

  const setStatusOf = async (ids: string[], next: 4 | 5 | 6) => {
    try {
      await libraryApi.setStatus(slug, library, ids, next);
      message.success(next === 6 ? t('lib.deleted') : t('lib.statusChanged', { count: ids.length }));
      setSelected([]);
      if (next === 6 && data && data.items.length === ids.length && page > 1) setPage(page - 1);
      await changed();
    } catch (failure) {
      message.error(t('common.error', { message: errorMessage(failure) }));
    }
  };

  const confirmDelete = (ids: string[], question?: string) =>
    modal.confirm({
      title: question ? t('lib.deleteTitle', { question }) : t('lib.bulkDeleteTitle', { count: ids.length }),
      content: t('lib.bulkDeleteText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete' },
      cancelText: t('common.cancel'),
      onOk: () => setStatusOf(ids, 6),
    });

  const bulkItems: MenuProps['items'] = [
    { key: 'enable', icon: <CheckCircleOutlined />, label: t('lib.bulkEnable'), onClick: () => void setStatusOf(selected, 4) },
    { key: 'disable', icon: <StopOutlined />, label: t('lib.bulkDisable'), onClick: () => void setStatusOf(selected, 5) },
    { key: 'delete', icon: <DeleteOutlined />, label: t('lib.bulkDelete'), danger: true, onClick: () => confirmDelete(selected) },
  ];

  const exportItems: MenuProps['items'] = [
    { key: 'xlsx', label: <a href={libraryApi.exportUrl(slug, 'xlsx', language)}>{t('import.exportXlsx')}</a> },
    { key: 'csv', label: <a href={libraryApi.exportUrl(slug, 'csv', language)}>{t('import.exportCsv')}</a> },
  ];

  // Listing every category: each row says which one it is in.
  const showCategory = categoryId === undefined || categoryById.get(categoryId)?.menuType === MENU.all;
  const titleOf = (id: number) => {
    const category = categoryById.get(id);
    return category ? categoryTitle(category, locale, t) : '-';
  };
  const filtered = !!keyword || status !== undefined || (categoryId !== undefined && categoryById.get(categoryId)?.menuType !== MENU.all);
  const title = library === 'faq' ? t('lib.faqTitle') : t('lib.chitchatTitle');

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      {library === 'chitchat' && <Alert type="info" showIcon title={t('lib.chitchatIntro')} style={{ marginBottom: 12 }} data-testid="chitchat-intro" />}
      {library === 'chitchat' && chitchatOff && <Alert type="warning" showIcon title={t('lib.chitchatOff')} style={{ marginBottom: 12 }} />}
      <div className="library-layout">
        <CategoryTree
          library={library}
          categories={categories}
          selected={categoryId}
          onSelect={(id) => {
            setCategoryId(id);
            setPage(1);
          }}
          onChanged={async () => {
            await loadCategories();
            await changed();
          }}
        />
        <Card size="small" className="library-table">
          <Space wrap style={{ marginBottom: 12, width: '100%' }}>
            <Input.Search
              allowClear
              placeholder={t('lib.searchPlaceholder')}
              onSearch={(value) => {
                setKeyword(value.trim());
                setPage(1);
              }}
              style={{ width: 220 }}
              aria-label={t('lib.searchPlaceholder')}
              data-testid="question-search"
            />
            <Select
              aria-label={t('lib.statusFilter')}
              value={status ?? 0}
              onChange={(value) => {
                setStatus(value || undefined);
                setPage(1);
              }}
              options={[
                { value: 0, label: `${t('lib.statusFilter')}: ${t('common.all')}` },
                { value: 4, label: t('common.enabled') },
                { value: 5, label: t('common.disabled') },
              ]}
              style={{ width: 140 }}
            />
            {library === 'faq' && languages.length > 1 && (
              <Select
                aria-label={t('lib.languageFilter')}
                value={language}
                onChange={(value) => {
                  setLanguage(value);
                  setPage(1);
                }}
                options={languages.map((tag) => ({ value: tag, label: languageLabel(t, tag) }))}
                style={{ width: 150 }}
              />
            )}
            <Dropdown menu={{ items: bulkItems }} disabled={selected.length === 0}>
              <Button data-testid="bulk-actions">
                {t('lib.bulk', { count: selected.length })} <DownOutlined />
              </Button>
            </Dropdown>
            <span style={{ flex: 1 }} />
            {library === 'faq' && (
              <>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-button">
                  {t('lib.import')}
                </Button>
                <Dropdown menu={{ items: exportItems }}>
                  <Button icon={<DownloadOutlined />}>{t('lib.export')}</Button>
                </Dropdown>
              </>
            )}
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')} data-testid="add-question">
              {t('lib.addQuestion')}
            </Button>
          </Space>
          <Table<Question>
            rowKey="questionId"
            size="middle"
            scroll={{ x: testOpen ? 560 : 720 }}
            loading={loading}
            dataSource={data?.items}
            data-testid="questions-table"
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
            expandable={{
              rowExpandable: (row) => row.similar.length > 0,
              expandedRowRender: (row) => (
                <Space wrap size={[4, 4]}>
                  {row.similar.map((s) => (
                    <Tag key={s}>{s}</Tag>
                  ))}
                </Space>
              ),
            }}
            locale={{
              emptyText: error ? (
                t('app.loadFailed', { message: error })
              ) : (
                <Empty description={filtered ? t('lib.emptyFiltered') : t('lib.empty')}>
                  {!filtered && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')}>
                      {t('lib.addQuestion')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              showTotal: () => <span data-testid="question-counts">{t('lib.counts', { standard: data?.total ?? 0, total: data?.totalWithSimilar ?? 0 })}</span>,
            }}
            columns={[
              {
                title: t('lib.question'),
                dataIndex: 'question',
                ellipsis: true,
                render: (question: string, row) => (
                  <Space size={4}>
                    <Typography.Link onClick={() => openEditor(row.questionId)} data-testid="question-link">
                      {question}
                    </Typography.Link>
                    {row.questionType === 1 && <Tag color="blue">{t('lib.preset')}</Tag>}
                    {row.similar.length > 0 && <Typography.Text type="secondary">({t('lib.similarCount', { count: row.similar.length })})</Typography.Text>}
                    {showCategory && <Tag bordered={false}>{titleOf(row.categoryId)}</Tag>}
                  </Space>
                ),
              },
              // Beside the test window the time gives way to the question.
              ...(testOpen ? [] : [{ title: t('lib.updated'), dataIndex: 'updatedAt', width: 168, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') }]),
              {
                title: t('common.status'),
                dataIndex: 'status',
                width: 92,
                render: (value: number) => (value === 4 ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 176,
                render: (_: unknown, row) => (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => openEditor(row.questionId)}>
                      {t('common.edit')}
                    </Button>
                    <Button type="link" size="small" onClick={() => void setStatusOf([row.questionId], row.status === 4 ? 5 : 4)}>
                      {row.status === 4 ? t('common.disable') : t('common.enable')}
                    </Button>
                    <Tooltip title={row.questionType === 1 ? t('editor.preset') : undefined}>
                      <Button type="link" size="small" danger disabled={row.questionType === 1} onClick={() => confirmDelete([row.questionId], row.question)}>
                        {t('common.delete')}
                      </Button>
                    </Tooltip>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </div>
      <QuestionDrawer
        library={library}
        categories={categories}
        target={editTarget}
        defaultCategoryId={categoryId}
        defaultLanguage={language}
        onClose={() => openEditor(undefined)}
        onSaved={() => void changed()}
      />
      {library === 'faq' && <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={() => void Promise.all([loadCategories(), changed()])} defaultLanguage={language} />}
    </>
  );
}

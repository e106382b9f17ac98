// Bulk import of the QA library: template, upload, a dry run whose per-row errors are listed before
// anything is written, then the import and its counts.
import { useState } from 'react';
import { Alert, App, Button, Modal, Result, Select, Space, Steps, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { libraryApi } from '../../api/endpoints';
import type { ImportResult, ImportRowError } from '../../api/types';
import { languageLabel, useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { useRobot } from '../robots/robot-context';

type Check = { kind: 'ok'; result: ImportResult } | { kind: 'rows'; rows: ImportRowError[]; message: string } | { kind: 'error'; message: string };

export function ImportDialog({ open, onClose, onImported, defaultLanguage }: { open: boolean; onClose(): void; onImported(): void; defaultLanguage: string }) {
  const t = useT();
  const { message } = App.useApp();
  const { slug, languages } = useRobot();
  const [language, setLanguage] = useState(defaultLanguage);
  const [file, setFile] = useState<File>();
  const [check, setCheck] = useState<Check>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportResult>();

  const reset = () => {
    setFile(undefined);
    setCheck(undefined);
    setDone(undefined);
  };

  const run = async (chosen: File, dryRun: boolean) => {
    setBusy(true);
    try {
      const result = await libraryApi.import(slug, chosen, language, dryRun);
      if (dryRun) setCheck({ kind: 'ok', result });
      else {
        setDone(result);
        onImported();
      }
    } catch (failure) {
      const rows = failure instanceof ApiError ? (failure.body as { rows?: ImportRowError[] } | undefined)?.rows : undefined;
      if (rows?.length) setCheck({ kind: 'rows', rows, message: errorMessage(failure) });
      else if (dryRun) setCheck({ kind: 'error', message: errorMessage(failure) });
      else message.error(t('common.error', { message: errorMessage(failure) }));
    } finally {
      setBusy(false);
    }
  };

  const errorRows = check?.kind === 'rows' ? new Set(check.rows.map((r) => r.row)).size : 0;
  const step = done ? 2 : check?.kind === 'ok' ? 1 : 0;

  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={760}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      data-testid="import-dialog"
      footer={
        done ? (
          <Button
            type="primary"
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button
              onClick={() => {
                reset();
                onClose();
              }}
            >
              {t('common.cancel')}
            </Button>
            <Button type="primary" disabled={check?.kind !== 'ok' || !file} loading={busy && check?.kind === 'ok'} onClick={() => file && void run(file, false)} data-testid="import-confirm">
              {check?.kind === 'ok' ? t('import.confirm', { rows: check.result.imported }) : t('lib.import')}
            </Button>
          </Space>
        )
      }
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('import.step2') }, { title: t('import.confirm', { rows: check?.kind === 'ok' ? check.result.imported : 0 }) }, { title: t('lib.done') }]}
      />
      {done ? (
        <Result status="success" title={t('import.done', { rows: done.imported, categories: done.createdCategories })} data-testid="import-done" />
      ) : (
        <>
          <Typography.Title level={5}>1. {t('import.step1')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('import.step1Help')}</Typography.Paragraph>
          <Space style={{ marginBottom: 16 }}>
            <Button icon={<DownloadOutlined />} href={libraryApi.templateUrl('xlsx')}>
              {t('import.templateXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={libraryApi.templateUrl('csv')}>
              {t('import.templateCsv')}
            </Button>
          </Space>
          <Typography.Title level={5}>2. {t('import.step2')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('import.step2Help')}</Typography.Paragraph>
          {languages.length > 1 && (
            <Space style={{ marginBottom: 12 }}>
              <span>{t('import.language')}</span>
              <Select
                value={language}
                onChange={(next) => {
                  setLanguage(next);
                  reset();
                }}
                options={languages.map((tag) => ({ value: tag, label: languageLabel(t, tag) }))}
                style={{ width: 180 }}
              />
            </Space>
          )}
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setCheck(undefined);
              void run(chosen, true);
              return false;
            }}
            disabled={busy}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('import.drop')}</p>
          </Upload.Dragger>
          {busy && !check && <Typography.Paragraph style={{ marginTop: 12 }}>{t('import.checking')}</Typography.Paragraph>}
          {check?.kind === 'ok' && (
            <Alert style={{ marginTop: 12 }} type="success" showIcon title={t('import.ok', { rows: check.result.imported, categories: check.result.createdCategories })} data-testid="import-ok" />
          )}
          {check?.kind === 'error' && <Alert style={{ marginTop: 12 }} type="error" showIcon title={check.message} />}
          {check?.kind === 'rows' && (
            <>
              <Alert style={{ margin: '12px 0' }} type="error" showIcon title={t('import.errors', { rows: errorRows })} data-testid="import-errors" />
              <Table<ImportRowError>
                size="small"
                rowKey={(row) => `${row.row}:${row.column}:${row.message}`}
                dataSource={check.rows}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 70 },
                  { title: t('import.column'), dataIndex: 'column', width: 160, render: (column: string) => column || '-' },
                  { title: t('import.message'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
        </>
      )}
    </Modal>
  );
}

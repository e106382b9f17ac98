import { useState } from 'react';
import { App, Form, Input, Modal, Typography } from 'antd';
import { robotsApi } from '../../api/endpoints';
import { useT } from '../../i18n';
import { applyServerErrors } from '../../ui/errors';
import { useRobot } from '../robots/robot-context';

/** Publish test → production with a release note. */
export function PublishDialog({ open, onClose, onPublished }: { open: boolean; onClose(): void; onPublished(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const { slug, robot } = useRobot();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const { note } = await form.validateFields();
    setBusy(true);
    try {
      const release = await robotsApi.publish(slug, note ?? '');
      message.success(t('publish.done', { version: release.version }));
      form.resetFields();
      onPublished();
      onClose();
    } catch (failure) {
      const rest = applyServerErrors(form, failure, { fallbackField: 'note' });
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('publish.dialogTitle')}
      okText={t('publish.button')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="publish-dialog"
    >
      <Typography.Paragraph type="secondary">{robot.hasUnpublished ? t('header.unpublished') : t('publish.upToDate')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ note: '' }} onFinish={() => void submit()}>
        <Form.Item name="note" label={t('publish.note')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('publish.notePlaceholder')} data-testid="publish-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

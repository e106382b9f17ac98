// The live effect of the thresholds being edited: the robot's last production questions in this
// language, decided with the production thresholds (Now) and with the form's (Proposed).
import { useEffect, useRef, useState } from 'react';
import { Alert, Collapse, Empty, Space, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { robotsApi } from '../../api/endpoints';
import type { ThresholdPreview as Preview, ThresholdProposal } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';
import { errorMessage } from '../../ui/errors';

const OUTCOMES = ['direct', 'chitchat', 'clarify', 'to_agent', 'fallback'] as const;
type Outcome = (typeof OUTCOMES)[number];
const DEBOUNCE_MS = 400;

const outcomeKey = (outcome: Outcome) => `test.branch.${outcome}` as MessageKey;
const valid = (n: unknown): n is number => typeof n === 'number' && n >= 0 && n <= 1;

export function ThresholdPreview({ robotId, language, proposal }: { robotId: string; language: string; proposal: Partial<ThresholdProposal> }) {
  const t = useT();
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<string>();
  const asked = useRef(0);
  const { directAnsweringReaches: direct, chitchatReaches: chitchat, clarifyReaches: clarify, clarifyEnable, chitchatEnable } = proposal;

  useEffect(() => {
    if (!valid(direct) || !valid(chitchat) || !valid(clarify)) return;
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      robotsApi
        .previewThresholds(robotId, { language, directAnsweringReaches: direct, chitchatReaches: chitchat, clarifyReaches: clarify, clarifyEnable, chitchatEnable })
        .then((next) => {
          // Only the answer to the latest thresholds is shown.
          if (ask !== asked.current) return;
          setPreview(next);
          setError(undefined);
        })
        .catch((failure: unknown) => ask === asked.current && setError(errorMessage(failure)));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [robotId, language, direct, chitchat, clarify, clarifyEnable, chitchatEnable]);

  const title = t('preview.title', { count: preview?.total || 100 });
  const body = () => {
    if (error) return <Alert type="warning" showIcon title={t('preview.failed', { message: error })} />;
    if (!preview) return null;
    if (preview.total === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('preview.empty')} data-testid="preview-empty" />;
    const rows = OUTCOMES.map((outcome) => ({ outcome, now: preview.current[outcome], proposed: preview.proposed[outcome] }));
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Table
          size="small"
          pagination={false}
          rowKey="outcome"
          dataSource={rows}
          data-testid="preview-table"
          columns={[
            { title: t('preview.outcome'), dataIndex: 'outcome', render: (outcome: Outcome) => t(outcomeKey(outcome)) },
            { title: t('preview.now'), dataIndex: 'now', align: 'right', width: 96 },
            {
              title: t('preview.proposed'),
              dataIndex: 'proposed',
              align: 'right',
              width: 140,
              render: (value: number, row) => (
                <Space size={4}>
                  {value !== row.now && <Tag color={value > row.now ? 'blue' : 'orange'}>{value > row.now ? `+${value - row.now}` : value - row.now}</Tag>}
                  <Typography.Text strong={value !== row.now}>{value}</Typography.Text>
                </Space>
              ),
            },
          ]}
        />
        {preview.changed === 0 ? (
          <Typography.Text type="secondary">{t('preview.unchanged')}</Typography.Text>
        ) : (
          <Collapse
            size="small"
            data-testid="preview-examples"
            items={[
              {
                key: 'examples',
                label: t('preview.changed', { count: preview.changed }),
                children: (
                  <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                    {preview.examples.map((example, i) => (
                      <li key={i} style={{ padding: '2px 0' }}>
                        <Space wrap size={6}>
                          <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                            {example.question}
                          </Typography.Text>
                          <Tag>{t(outcomeKey(example.from))}</Tag>
                          <ArrowRightOutlined />
                          <Tag color="blue">{t(outcomeKey(example.to))}</Tag>
                        </Space>
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        )}
      </Space>
    );
  };

  return (
    <div data-testid="threshold-preview" style={{ marginBottom: 24 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('preview.help')}
      </Typography.Paragraph>
      {body()}
    </div>
  );
}

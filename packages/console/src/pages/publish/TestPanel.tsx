// The test window: chat with the robot's test (or production) environment and see, for every answer,
// the branch, the matched entry and its score, and the candidates it beat, each with a jump to the entry.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Card, Collapse, Empty, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { ClearOutlined, CloseOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { robotsApi } from '../../api/endpoints';
import type { Env, Library, ScoredEntry, TestAnswer } from '../../api/types';
import { robotPath } from '../../app/robot-slug';
import { languageLabel, useT } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { useRobot } from '../robots/robot-context';

interface Exchange {
  id: number;
  text: string;
  answer?: TestAnswer;
  error?: string;
}

const BRANCH_COLORS: Record<string, string> = { direct: 'green', chitchat: 'cyan', clarify: 'gold', to_agent: 'purple', fallback: 'default' };

const score = (value: number) => value.toFixed(3);

/** The text a customer would see: plain text, Markdown, or a card's title and questions. */
function replyText(answer: TestAnswer): string {
  const reply = answer.reply;
  if (!reply) return '';
  if (reply.type === 'text') return reply.text;
  const data = reply.data;
  if (data.src === '30') return data.content;
  return [data.content.title, ...data.content.items.map((item) => `• ${item.content}`)].join('\n');
}

export function TestPanel({ onClose }: { onClose(): void }) {
  const t = useT();
  const navigate = useNavigate();
  const { slug, languages } = useRobot();
  const [env, setEnv] = useState<Env>('test');
  const [language, setLanguage] = useState('');
  const [text, setText] = useState('');
  const [log, setLog] = useState<Exchange[]>([]);
  const [busy, setBusy] = useState(false);
  const end = useRef<HTMLDivElement>(null);
  const counter = useRef(0);

  // (Chromium's scrollIntoView returns a promise: not an effect's cleanup.)
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [log]);

  const ask = async () => {
    const question = text.trim();
    if (!question || busy) return;
    const id = ++counter.current;
    setLog((items) => [...items, { id, text: question }]);
    setText('');
    setBusy(true);
    try {
      const answer = await robotsApi.test(slug, question, env, language);
      setLog((items) => items.map((item) => (item.id === id ? { ...item, answer } : item)));
    } catch (failure) {
      setLog((items) => items.map((item) => (item.id === id ? { ...item, error: errorMessage(failure) } : item)));
    } finally {
      setBusy(false);
    }
  };

  const open = (library: Library, questionId: string) => navigate(`${robotPath(slug, library)}?edit=${encodeURIComponent(questionId)}`);

  const entryLine = (entry: ScoredEntry) => (
    <div key={`${entry.library}:${entry.questionId}`} style={{ display: 'flex', gap: 6, alignItems: 'center' }} data-testid="test-candidate">
      <Typography.Text ellipsis style={{ flex: 1 }} title={entry.question}>
        {entry.question}
      </Typography.Text>
      <Tag>{score(entry.score)}</Tag>
      <Button size="small" type="link" onClick={() => open(entry.library, entry.questionId)}>
        {t('test.open')}
      </Button>
    </div>
  );

  return (
    <Card
      className="test-panel"
      size="small"
      title={t('test.title')}
      data-testid="test-panel"
      extra={
        <Space size={4}>
          <Button size="small" type="text" icon={<ClearOutlined />} onClick={() => setLog([])} aria-label={t('test.clear')} title={t('test.clear')} />
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.close')} title={t('common.close')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('test.intro')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 8 }} wrap>
        <Segmented<Env>
          size="small"
          value={env}
          onChange={setEnv}
          options={[
            { value: 'test', label: t('test.envTest') },
            { value: 'prod', label: t('test.envProd') },
          ]}
          data-testid="test-env"
        />
        {languages.length > 1 && (
          <Select size="small" value={language} onChange={setLanguage} options={languages.map((tag) => ({ value: tag, label: languageLabel(t, tag) }))} style={{ width: 140 }} />
        )}
      </Space>
      <div className="test-log" data-testid="test-log">
        {log.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('test.empty')} />}
        {log.map((item) => (
          <div key={item.id} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            <div className="test-question">{item.text}</div>
            {item.error && <Typography.Text type="danger">{item.error}</Typography.Text>}
            {item.answer && (
              <div className="test-answer" data-testid="test-answer" data-branch={item.answer.branch}>
                {item.answer.robotDisabled ? (
                  <Typography.Text type="warning">{t('test.disabled')}</Typography.Text>
                ) : (
                  <>
                    <div className="test-answer-text">{replyText(item.answer)}</div>
                    {item.answer.suggestions.length > 0 && (
                      <div style={{ marginBottom: 6 }}>
                        <Typography.Text type="secondary">{t('test.suggestions')}</Typography.Text>
                        {item.answer.suggestions.map(entryLine)}
                      </div>
                    )}
                  </>
                )}
                <Space size={4} wrap style={{ marginBottom: 4 }}>
                  <Typography.Text type="secondary">{t('test.branch')}:</Typography.Text>
                  <Tag color={BRANCH_COLORS[item.answer.branch]} data-testid="test-branch">
                    {t(`test.branch.${item.answer.branch}`)}
                  </Tag>
                  <Typography.Text type="secondary">{t('test.score')}:</Typography.Text>
                  <Tag data-testid="test-score">{score(item.answer.score)}</Tag>
                </Space>
                {item.answer.entry ? (
                  <div data-testid="test-entry">
                    <Typography.Text type="secondary">{t('test.matched')}: </Typography.Text>
                    <Typography.Link onClick={() => open(item.answer!.entry!.library, item.answer!.entry!.questionId)} data-testid="test-entry-link">
                      {item.answer.entry.question}
                    </Typography.Link>
                    {item.answer.entry.matchedText && item.answer.entry.matchedText !== item.answer.entry.question && (
                      <div>
                        <Typography.Text type="secondary">
                          {t('test.matchedText')}: {item.answer.entry.matchedText}
                        </Typography.Text>
                      </div>
                    )}
                  </div>
                ) : (
                  <Typography.Text type="secondary">{t('test.noEntry')}</Typography.Text>
                )}
                <Candidates answer={item.answer} line={entryLine} />
              </div>
            )}
          </div>
        ))}
        <div ref={end} />
      </div>
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input
          value={text}
          onChange={(event) => setText(event.target.value)}
          onPressEnter={() => void ask()}
          placeholder={t('test.placeholder')}
          maxLength={2000}
          aria-label={t('test.placeholder')}
          data-testid="test-input"
        />
        <Button type="primary" onClick={() => void ask()} loading={busy} data-testid="test-send">
          {t('test.send')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

function Candidates({ answer, line }: { answer: TestAnswer; line: (entry: ScoredEntry) => ReactNode }) {
  const t = useT();
  const matched = answer.entry ? `${answer.entry.library}:${answer.entry.questionId}` : '';
  const others = [...answer.candidates.faq, ...answer.candidates.chitchat].filter((c) => `${c.library}:${c.questionId}` !== matched).sort((a, b) => b.score - a.score);
  if (!others.length) return null;
  return (
    <Collapse
      size="small"
      ghost
      style={{ marginTop: 4 }}
      items={[{ key: 'c', label: `${t('test.candidates')} (${others.length})`, children: <div data-testid="test-candidates">{others.slice(0, 10).map(line)}</div> }]}
    />
  );
}

// The rich-text answer: Markdown (what the chat renders for rich answers, src 30) in Ant Design's
// TextArea, with buttons that wrap the selection in the syntax.
import { useRef } from 'react';
import { Button, Input, Space, Tooltip } from 'antd';
import { BoldOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, PictureOutlined } from '@ant-design/icons';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useT } from '../../i18n';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  maxLength?: number;
}

export function MarkdownInput({ value = '', onChange, id, maxLength }: Props) {
  const t = useT();
  const ref = useRef<TextAreaRef>(null);

  const wrap = (before: string, after: string, placeholder: string) => {
    const area = ref.current?.resizableTextArea?.textArea;
    const start = area?.selectionStart ?? value.length;
    const end = area?.selectionEnd ?? value.length;
    const selected = value.slice(start, end) || placeholder;
    const next = value.slice(0, start) + before + selected + after + value.slice(end);
    onChange?.(next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + before.length, start + before.length + selected.length);
    });
  };

  const linePrefix = (prefix: string) => {
    const area = ref.current?.resizableTextArea?.textArea;
    const start = area?.selectionStart ?? value.length;
    const lineStart = value.lastIndexOf('\n', start - 1) + 1;
    onChange?.(value.slice(0, lineStart) + prefix + value.slice(lineStart));
  };

  const tools = [
    { key: 'bold', icon: <BoldOutlined />, label: t('editor.bold'), run: () => wrap('**', '**', t('editor.bold')) },
    { key: 'italic', icon: <ItalicOutlined />, label: t('editor.italic'), run: () => wrap('*', '*', t('editor.italic')) },
    { key: 'link', icon: <LinkOutlined />, label: t('editor.link'), run: () => wrap('[', '](https://)', t('editor.link')) },
    { key: 'image', icon: <PictureOutlined />, label: t('editor.image'), run: () => wrap('![', '](https://)', t('editor.image')) },
    { key: 'list', icon: <OrderedListOutlined />, label: t('editor.list'), run: () => linePrefix('- ') },
  ];

  return (
    <div>
      <Space.Compact className="md-toolbar">
        {tools.map((tool) => (
          <Tooltip key={tool.key} title={tool.label}>
            <Button size="small" icon={tool.icon} onClick={tool.run} aria-label={tool.label} />
          </Tooltip>
        ))}
      </Space.Compact>
      <Input.TextArea ref={ref} id={id} value={value} onChange={(event) => onChange?.(event.target.value)} autoSize={{ minRows: 6, maxRows: 16 }} maxLength={maxLength} showCount />
    </div>
  );
}

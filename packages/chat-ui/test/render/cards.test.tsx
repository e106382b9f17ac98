// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isHiddenMessage, isNoticeMessage, isRowMessage, messageLayout, previewText } from '../../src/render/MessageBody.tsx';
import { byTestId, click, custom, desk, message, mount, oneByTestId, recordActions, t, text } from './helpers.tsx';
import type { MsgElement } from '../../src/render/types.ts';

const ITEMS = [
  { content: 'Human agent', desc: '' },
  { content: 'Form option branch', desc: 'fill a form' },
  { content: 'Back', desc: '' },
];
const TASK_INFO = { taskID: 9527, nodeID: 'node-9b1257ab-e91a-4317-af44-0f38d6e237e5', env: 'production' };
const taskBranch = (status: number, optionType: number) => message(desk('32', { status, optionType, taskInfo: TASK_INFO, content: { header: 'Please choose', items: ITEMS, tail: 'tail text' } }));

describe('welcome and clarify cards (src 29)', () => {
  const welcome = message(desk('29', { subtype: 'welcome_msg', content: { title: 'You might want to ask', content: '', items: [{ content: 'What can you do?' }, { content: 'Opening hours' }] } }));
  const clarify = message(desk('29', { subtype: 'clarify_msg', content: { title: 'You may want to ask:', content: 'You may want to ask:', items: [{ content: 'Refunds?' }] } }));

  it('welcome card: title and tappable questions that send their text', () => {
    const actions = recordActions();
    const { root } = mount(welcome, actions);
    const card = oneByTestId(root, 'welcome-card');
    expect(card.querySelector('h3')!.textContent).toBe('You might want to ask');
    const questions = byTestId(root, 'card-question');
    expect(questions.map((q) => q.textContent)).toEqual(['What can you do?', 'Opening hours']);
    click(questions[1]);
    expect(actions.texts).toEqual([{ text: 'Opening hours' }]);
  });

  it('clarify card: does not repeat a lead equal to the title', () => {
    const actions = recordActions();
    const { root } = mount(clarify, actions);
    const card = oneByTestId(root, 'clarify-card');
    expect(card.textContent!.split('You may want to ask:').length - 1).toBe(1);
    click(oneByTestId(root, 'card-question'));
    expect(actions.texts).toEqual([{ text: 'Refunds?' }]);
  });

  it('is disabled in the workbench', () => {
    const { root } = mount(welcome);
    expect(byTestId(root, 'card-question').every((q) => (q as HTMLButtonElement).disabled)).toBe(true);
  });
});

describe('branch (src 15)', () => {
  const branch = (selected?: string) =>
    message(desk('15', { content: { header: 'Please enter the function you want to access', items: ITEMS, tail: 'More later', ...(selected ? { selected: { content: selected } } : {}) } }));

  it('shows header, options with descriptions and tail; a tap sends the exact option text (R12)', () => {
    const actions = recordActions();
    const { root } = mount(branch(), actions);
    expect(root.textContent).toContain('Please enter the function you want to access');
    expect(root.textContent).toContain('More later');
    const options = byTestId(root, 'branch-option');
    expect(options[1].querySelector('.pl-choice-desc')!.textContent).toBe('fill a form');
    click(options[0]);
    expect(actions.texts).toEqual([{ text: 'Human agent' }]);
  });

  it('marks the selected option and locks the menu', () => {
    const { root } = mount(branch('Back'), recordActions());
    const options = byTestId(root, 'branch-option');
    expect(options.map((o) => o.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'true']);
    expect(options.every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(root.textContent).toContain('Selected: Back');
  });

  it('is disabled in the workbench', () => {
    const { root } = mount(branch());
    expect(byTestId(root, 'branch-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
  });
});

describe('task branch (src 32)', () => {
  it('quick option: sends the text without cloudCustomData, then the options disappear', () => {
    const actions = recordActions();
    const { root } = mount(taskBranch(0, 0), actions);
    click(byTestId(root, 'branch-option')[2]);
    expect(actions.texts).toEqual([{ text: 'Back' }]);
    expect(byTestId(root, 'branch-option')).toHaveLength(0);
    expect(root.textContent).toContain('Selected: Back');
  });

  it('fixed button: sends the text with BranchOptionInfo in cloudCustomData (R14) and stays', () => {
    const actions = recordActions();
    const { root } = mount(taskBranch(0, 1), actions);
    click(byTestId(root, 'branch-option')[0]);
    click(byTestId(root, 'branch-option')[1]);
    expect(actions.texts).toEqual([
      { text: 'Human agent', options: { cloudCustomData: JSON.stringify({ BranchOptionInfo: TASK_INFO }) } },
      { text: 'Form option branch', options: { cloudCustomData: JSON.stringify({ BranchOptionInfo: TASK_INFO }) } },
    ]);
    expect(JSON.parse(actions.texts[0].options!.cloudCustomData!)).toEqual({ BranchOptionInfo: { taskID: 9527, nodeID: TASK_INFO.nodeID, env: 'production' } });
    expect(byTestId(root, 'branch-option')).toHaveLength(3);
  });

  it.each([1, 2])('status %i is not selectable', (status) => {
    const actions = recordActions();
    const { root } = mount(taskBranch(status, 1), actions);
    expect(byTestId(root, 'branch-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    click(byTestId(root, 'branch-option')[0]);
    expect(actions.texts).toEqual([]);
  });
});

describe('product card (src 22)', () => {
  const product = (url: string) => message(desk('22', { content: { header: 'Premium plan', desc: '¥3000/month', pic: 'https://cdn.test/p.jpeg', url } }));

  it('shows title, description and picture and links to the product in a new tab', () => {
    const { root } = mount(product('https://www.qcloud.com/'));
    const card = oneByTestId(root, 'product-card') as HTMLAnchorElement;
    expect(card.tagName).toBe('A');
    expect(card.getAttribute('href')).toBe('https://www.qcloud.com/');
    expect(card.target).toBe('_blank');
    expect(card.rel).toBe('noopener noreferrer');
    expect(card.textContent).toContain('Premium plan');
    expect(card.textContent).toContain('¥3000/month');
    const picture = card.querySelector('img')!;
    expect(picture.getAttribute('src')).toBe('https://cdn.test/p.jpeg');
    expect(picture.alt).toBe('Premium plan');
    expect(picture.getAttribute('loading')).toBe('lazy');
  });

  it('tolerates customerServicePlugin inside content (spec 02 §4.9)', () => {
    const { root } = mount(message(custom({ src: '22', content: { customerServicePlugin: 0, header: 'Inside', desc: '', pic: '', url: '' } })));
    expect(oneByTestId(root, 'product-card').textContent).toContain('Inside');
    expect(root.querySelector('img')).toBeNull();
  });
});

describe('order card (src 28)', () => {
  it('shows guide, picture, name, description and the custom fields with bold values', () => {
    const { root } = mount(
      message(
        desk('28', {
          content: {
            guide: 'Guide title',
            name: 'Order name',
            desc: 'Description',
            pic: 'https://cdn.test/o.jpeg',
            customField: [
              { name: 'Order status:', value: 'Completed', customerValue: 'customerValue' },
              { name: 'Order amount:', value: '1000 yuan', customerValue: 'customerValue' },
            ],
          },
        }),
      ),
    );
    const card = oneByTestId(root, 'order-card');
    expect(card.querySelector('h3')!.textContent).toBe('Guide title');
    expect(card.querySelector('img')!.getAttribute('src')).toBe('https://cdn.test/o.jpeg');
    expect(card.textContent).toContain('Order name');
    expect(card.textContent).toContain('Description');
    expect(Array.from(card.querySelectorAll('dt')).map((d) => d.textContent)).toEqual(['Order status:', 'Order amount:']);
    expect(Array.from(card.querySelectorAll('dd strong')).map((d) => d.textContent)).toEqual(['Completed', '1000 yuan']);
  });
});

describe('session ended (src 19, 20)', () => {
  it('renders a centred notice for both, naming the timeout', () => {
    const { root } = mount(message(desk('19')));
    expect(oneByTestId(root, 'session-ended').textContent).toBe('This session has ended');
    const { root: timeout } = mount(message(desk('20')), undefined, 'zh-CN');
    expect(oneByTestId(timeout, 'session-ended').textContent).toBe('会话因长时间未回复已结束');
    expect(isNoticeMessage(message(desk('20')))).toBe(true);
    expect(messageLayout(message(desk('19')))).toBe('notice');
    expect(isHiddenMessage(message(desk('19')))).toBe(false);
  });
});

describe('layout helpers', () => {
  it.each(['7', '10', '12', '23', '24', '26', '27'])('hides flag src %s', (src) => {
    const msg = message(desk(src, { content: { menuSendRuleFlag: 7 } }));
    expect(isHiddenMessage(msg)).toBe(true);
    expect(messageLayout(msg)).toBe('hidden');
    expect(previewText(msg, t)).toBe('');
    const { root } = mount(msg);
    expect(root.querySelector('.pl-body')!.children).toHaveLength(0);
  });

  it('shows everything else', () => {
    expect(isHiddenMessage(message(text('hi')))).toBe(false);
    expect(isHiddenMessage(message(custom('not json')))).toBe(false);
    expect(isHiddenMessage(message(desk('7'), text('hi')))).toBe(false);
    expect(isHiddenMessage(message())).toBe(true);
    expect(isRowMessage(message(text('hi')))).toBe(false);
    expect(messageLayout(message(text('hi')))).toBe('bubble');
    expect(messageLayout(message(desk('15', { content: { header: 'h', items: ITEMS } })))).toBe('card');
    expect(messageLayout(message(desk('30', { content: '**x**' })))).toBe('bubble');
  });
});

describe('previewText', () => {
  const cases: [string, MsgElement[], string][] = [
    ['text, one line', [text('Hello\n  world')], 'Hello world'],
    ['rich text without Markdown syntax', [desk('30', { content: '# Title\n\n**Bold** [link](https://x.test) ![pic](https://x.test/a.png)\n- item' })], 'Title Bold link [Image] item'],
    ['a stream', [desk('31', { chunks: ['', 'You ', 'can'], isFinished: 0 })], 'You can'],
    ['an image', [{ MsgType: 'TIMImageElem', MsgContent: { ImageInfoArray: [] } }], '[Image]'],
    ['a file', [{ MsgType: 'TIMFileElem', MsgContent: { FileName: 'a.pdf', Url: '/f' } }], '[File] a.pdf'],
    ['a welcome card', [desk('29', { subtype: 'welcome_msg', content: { title: 'Ask me', content: '', items: [] } })], 'Ask me'],
    ['a product', [desk('22', { content: { header: 'Shoes', desc: '', pic: '', url: '' } })], '[Product] Shoes'],
    ['an order', [desk('28', { content: { guide: '', name: 'Order 1', desc: '', pic: '' } })], '[Order] Order 1'],
    ['a rating', [desk('9', { menuContent: { menu: [{ id: '1', content: 'ok' }], sessionId: 's', type: 1 } })], '[Rating]'],
    ['a task form', [desk('33', { content: { tip: 'Your details', inputVariables: [{ name: 'n', isRequired: 0, variableValue: '' }] } })], 'Your details'],
    ['a session end', [desk('19')], 'This session has ended'],
    ['malformed data', [custom('{')], 'This message cannot be displayed'],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    expect(previewText(message(...body), t)).toBe(expected);
  });

  it('cuts long text to one line without splitting an emoji', () => {
    const preview = previewText(message(text('😀'.repeat(300))), t);
    expect(Array.from(preview)).toHaveLength(120);
    expect(preview.endsWith('😀…')).toBe(true);
  });

  it('is plain text: markup stays literal for the caller to show as text', () => {
    expect(previewText(message(text('<img src=x onerror=alert(1)>')), t)).toBe('<img src=x onerror=alert(1)>');
  });
});

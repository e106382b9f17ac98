// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { byTestId, click, desk, message, mount, oneByTestId, recordActions, submit, type } from './helpers.tsx';

const textForm = (fields: Record<string, unknown> = {}) => message(desk('21', { content: { header: 'What do you like to eat?', type: 0, ...fields } }));
const optionForm = (fields: Record<string, unknown> = {}) =>
  message(
    desk('21', {
      content: {
        header: 'What do you like to eat?',
        items: [
          { content: 'Apple', desc: '' },
          { content: 'Watermelon', desc: 'juicy' },
          { content: 'Strawberry', desc: '' },
        ],
        type: 1,
        ...fields,
      },
    }),
  );

describe('form collection (src 21)', () => {
  it('text form: submits the typed answer as a text message', () => {
    const actions = recordActions();
    const { root } = mount(textForm(), actions);
    const form = oneByTestId(root, 'form') as HTMLFormElement;
    const input = form.querySelector('input')!;
    expect(form.querySelector(`label[for="${input.id}"]`)!.textContent).toBe('What do you like to eat?');
    const button = oneByTestId(root, 'form-submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    type(input, '  Peach ');
    expect(button.disabled).toBe(false);
    submit(form);
    expect(actions.texts).toEqual([{ text: 'Peach' }]);
    expect(actions.customs).toEqual([]);
    expect(oneByTestId(root, 'form').textContent).toContain('Peach');
    expect(oneByTestId(root, 'form').textContent).toContain('Submitted');
    expect(byTestId(root, 'form-submit')).toHaveLength(0);
  });

  it('option form: a tap sends the option text', () => {
    const actions = recordActions();
    const { root } = mount(optionForm(), actions);
    const options = byTestId(root, 'form-option');
    expect(options.map((o) => o.querySelector('.pl-choice-text')!.textContent)).toEqual(['Apple', 'Watermelon', 'Strawberry']);
    expect(options[1].querySelector('.pl-choice-desc')!.textContent).toBe('juicy');
    click(options[1]);
    expect(actions.texts).toEqual([{ text: 'Watermelon' }]);
    expect(options.every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(options[1].getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the answer when `selected` is filled', () => {
    const { root } = mount(textForm({ selected: { content: 'Peach' } }), recordActions());
    expect(root.querySelector('input')).toBeNull();
    expect(oneByTestId(root, 'form').textContent).toContain('Peach');
    const { root: options } = mount(optionForm({ selected: { content: 'Apple' } }), recordActions());
    expect(byTestId(options, 'form-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(byTestId(options, 'form-option')[0].getAttribute('aria-pressed')).toBe('true');
  });

  it('is disabled in the workbench', () => {
    const { root } = mount(textForm());
    expect(root.querySelector('input')!.disabled).toBe(true);
    expect((oneByTestId(root, 'form-submit') as HTMLButtonElement).disabled).toBe(true);
    const { root: options } = mount(optionForm());
    expect(byTestId(options, 'form-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
  });
});

/** The spec 02 §4.19 example. */
const TASK_FORM = {
  tip: 'Information collection node',
  inputVariables: [
    { type: 'string', name: 'Your name?', formType: 0, placeholder: 'Please enter your name', isRequired: 1, variableValue: '${name}' },
    { type: 'string', name: 'What is your address?', formType: 0, placeholder: 'Please enter your address', isRequired: 0, variableValue: '' },
    {
      type: 'string',
      name: 'What is your question about?',
      formType: 1,
      chooseItemList: ['Refund service', 'Human service', 'Information inquiry service'],
      isRequired: 1,
      variableValue: '${question}',
    },
  ],
};
const taskForm = (content: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => message(desk('33', { content: { ...TASK_FORM, nodeStatus: 0, ...content }, ...top }));

describe('task form (src 33)', () => {
  it('renders the tip, one labelled field per variable, required marks and placeholders', () => {
    const { root } = mount(taskForm(), recordActions());
    const form = oneByTestId(root, 'form');
    expect(form.querySelector('h3')!.textContent).toBe('Information collection node');
    const inputs = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="text"]'));
    expect(inputs.map((i) => i.placeholder)).toEqual(['Please enter your name', 'Please enter your address']);
    expect(inputs.map((i) => i.value)).toEqual(['', '']); // "${name}" is a template, not an answer
    expect(form.querySelector(`label[for="${inputs[0].id}"]`)!.textContent).toBe('Your name? *');
    expect(form.querySelector(`label[for="${inputs[1].id}"]`)!.textContent).toBe('What is your address?');
    const radios = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="radio"]'));
    expect(radios.map((r) => r.value)).toEqual(['Refund service', 'Human service', 'Information inquiry service']);
    expect(form.querySelector('legend')!.textContent).toBe('What is your question about? *');
  });

  it('refuses to submit without the required fields, then sends the spec §4.19 submission', () => {
    const actions = recordActions();
    const { root } = mount(taskForm(), actions);
    const form = oneByTestId(root, 'form') as HTMLFormElement;
    submit(form);
    expect(actions.customs).toEqual([]);
    expect(form.querySelectorAll('.pl-error')).toHaveLength(2);
    expect(form.querySelector('input[type="text"]')!.getAttribute('aria-invalid')).toBe('true');

    const [name] = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="text"]'));
    type(name, ' Ada ');
    click(form.querySelectorAll('input[type="radio"]')[1]);
    submit(form);
    expect(actions.customs).toEqual([
      {
        customerServicePlugin: 0,
        src: '33',
        content: {
          inputVariables: [
            { name: 'Your name?', isRequired: 1, variableValue: 'Ada' },
            { name: 'What is your address?', isRequired: 0, variableValue: '' },
            { name: 'What is your question about?', isRequired: 1, variableValue: 'Human service' },
          ],
        },
      },
    ]);
    expect(form.textContent).toContain('Submitted');
    expect(Array.from(form.querySelectorAll('input')).every((i) => i.disabled)).toBe(true);
    submit(form);
    expect(actions.customs).toHaveLength(1);
  });

  it('is read-only with the submitted values when nodeStatus is 2 (top-level or inside content)', () => {
    const values = { inputVariables: TASK_FORM.inputVariables.map((v, i) => ({ ...v, variableValue: ['Ada', 'Paris', 'Refund service'][i] })) };
    for (const msg of [taskForm({ ...values, nodeStatus: 2 }), taskForm({ ...values, nodeStatus: undefined }, { nodeStatus: 2 })]) {
      const { root } = mount(msg, recordActions());
      const form = oneByTestId(root, 'form');
      expect(Array.from(form.querySelectorAll<HTMLInputElement>('input[type="text"]')).map((i) => [i.value, i.disabled])).toEqual([
        ['Ada', true],
        ['Paris', true],
      ]);
      expect(form.querySelector<HTMLInputElement>('input[value="Refund service"]')!.checked).toBe(true);
      expect(byTestId(root, 'form-submit')).toHaveLength(0);
      expect(form.textContent).toContain('Submitted');
    }
  });

  it('is closed when nodeStatus is 1', () => {
    const actions = recordActions();
    const { root } = mount(taskForm({ nodeStatus: 1 }), actions);
    expect((oneByTestId(root, 'form-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(Array.from(root.querySelectorAll('input')).every((i) => i.disabled)).toBe(true);
  });

  it('lets the customer retry after a refused submission', async () => {
    let reject!: (error: Error) => void;
    const actions = recordActions(() => new Promise((_, r) => (reject = r)));
    const { root } = mount(taskForm({ inputVariables: [{ name: 'Email', formType: 0, isRequired: 1, variableValue: '' }] }), actions);
    const form = oneByTestId(root, 'form') as HTMLFormElement;
    type(form.querySelector('input')!, 'a@b.c');
    submit(form);
    expect(oneByTestId(root, 'form-submit').textContent).toBe('Submitting…');
    await act(async () => reject(new Error('no')));
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    submit(form);
    expect(actions.customs).toHaveLength(2);
  });

  it('is disabled in the workbench', () => {
    const { root } = mount(taskForm());
    expect((oneByTestId(root, 'form-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(Array.from(root.querySelectorAll('input')).every((i) => i.disabled)).toBe(true);
  });
});

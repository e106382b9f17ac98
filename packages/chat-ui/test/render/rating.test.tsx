// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRowMessage, messageLayout } from '../../src/render/MessageBody.tsx';
import { byTestId, click, desk, message, mount, oneByTestId, recordActions } from './helpers.tsx';

const MENU = [
  { id: '101', content: 'Very dissatisfied' },
  { id: '102', content: 'Dissatisfied' },
  { id: '103', content: 'Average' },
  { id: '104', content: 'Satisfied' },
  { id: '105', content: 'Very satisfied' },
];
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** The spec 02 §4.2 example; `selected` omitted unless given. */
function card(fields: Record<string, unknown> = {}) {
  return message(
    desk('9', {
      menuContent: {
        head: 'Thank you for using our service. Please rate this service!',
        tail: 'Thank you for rating this service. Have a nice day, goodbye!',
        menu: MENU,
        type: 2,
        sessionId: '7a67f6bb-8fac-41e5-8bab-78c0259ae5a9',
        effectiveHour: 12,
        expireTime: inAnHour(),
        ...fields,
      },
    }),
  );
}

afterEach(() => vi.useRealTimers());

describe('rating card (src 9)', () => {
  it('is a full-width row', () => {
    expect(isRowMessage(card())).toBe(true);
    expect(messageLayout(card())).toBe('row');
  });

  it('number style: shows head, prompt and 1–5, describes the chosen level, submits src 10 exactly as spec §4.3', () => {
    const actions = recordActions();
    const { root } = mount(card(), actions);
    const rating = oneByTestId(root, 'rating-card');
    expect(rating.textContent).toContain('Please rate this service!');
    expect(rating.textContent).toContain('Please rate this service');
    const options = byTestId(root, 'rating-option');
    expect(options.map((o) => o.textContent)).toEqual(['1', '2', '3', '4', '5']);
    expect(options[2].getAttribute('aria-label')).toBe('3: Average');
    expect(rating.textContent).not.toContain('goodbye'); // the tail comes after rating

    const submitButton = oneByTestId(root, 'rating-submit') as HTMLButtonElement;
    expect(submitButton.disabled).toBe(true); // spec R6: never an empty rating
    click(options[4]);
    expect(options[4].getAttribute('aria-checked')).toBe('true');
    expect(root.querySelector('.pl-rating-desc')!.textContent).toBe('Very satisfied');
    click(submitButton);

    expect(actions.customs).toEqual([{ customerServicePlugin: 0, src: '10', menuSelected: { id: '105', content: 'Very satisfied', sessionId: '7a67f6bb-8fac-41e5-8bab-78c0259ae5a9' } }]);
    expect(actions.texts).toEqual([]);
    // Submitted: no second submission while the server's edit is on its way.
    expect(byTestId(root, 'rating-submit')).toHaveLength(0);
    expect(options.every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(rating.textContent).toContain('goodbye');
  });

  it('star style: five stars that light up to the chosen level', () => {
    const actions = recordActions();
    const { root } = mount(card({ type: 1 }), actions);
    const stars = byTestId(root, 'rating-option');
    expect(stars.map((s) => s.textContent)).toEqual(['★', '★', '★', '★', '★']);
    click(stars[2]);
    expect(stars.map((s) => s.classList.contains('pl-on'))).toEqual([true, true, true, false, false]);
    click(oneByTestId(root, 'rating-submit'));
    expect(actions.customs[0]).toMatchObject({ src: '10', menuSelected: { id: '103', content: 'Average' } });
  });

  it('shows the selected value once the server fills `selected` (the message is edited in place)', () => {
    const actions = recordActions();
    const { root, rerender } = mount(card(), actions);
    click(byTestId(root, 'rating-option')[3]);
    click(oneByTestId(root, 'rating-submit'));
    rerender(card({ selected: { id: '104', content: 'Satisfied' } }));
    const rating = oneByTestId(root, 'rating-card');
    expect(rating.getAttribute('data-state')).toBe('rated');
    expect(rating.textContent).toContain('Your rating: Satisfied');
    expect(byTestId(root, 'rating-option')[3].getAttribute('aria-checked')).toBe('true');
    expect(byTestId(root, 'rating-submit')).toHaveLength(0);
    expect(actions.customs).toHaveLength(1);
  });

  it('a card that arrives rated cannot be rated again', () => {
    const actions = recordActions();
    const { root } = mount(card({ selected: { id: '102', content: 'Dissatisfied' } }), actions);
    expect(root.textContent).toContain('Your rating: Dissatisfied');
    expect(byTestId(root, 'rating-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(byTestId(root, 'rating-submit')).toHaveLength(0);
  });

  it('an expired card (expireTime in Unix seconds) says so and cannot be submitted', () => {
    const actions = recordActions();
    const { root } = mount(card({ expireTime: 1691074320 }), actions);
    const rating = oneByTestId(root, 'rating-card');
    expect(rating.getAttribute('data-state')).toBe('expired');
    expect(rating.textContent).toContain('This rating has expired');
    expect(byTestId(root, 'rating-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(byTestId(root, 'rating-submit')).toHaveLength(0);
  });

  it('expires while open', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const now = Date.now();
    const { root } = mount(card({ expireTime: Math.floor(now / 1000) + 60 }), recordActions());
    expect(root.textContent).not.toContain('expired');
    act(() => void vi.advanceTimersByTime(61_000));
    expect(root.textContent).toContain('This rating has expired');
    expect(byTestId(root, 'rating-submit')).toHaveLength(0);
  });

  it('lets the customer retry when the app reports the submission failed', async () => {
    let reject!: (error: Error) => void;
    const actions = recordActions(() => new Promise((_, r) => (reject = r)));
    const { root } = mount(card(), actions);
    click(byTestId(root, 'rating-option')[0]);
    click(oneByTestId(root, 'rating-submit'));
    expect((oneByTestId(root, 'rating-submit') as HTMLButtonElement).disabled).toBe(true);
    click(oneByTestId(root, 'rating-submit'));
    expect(actions.customs).toHaveLength(1);
    await act(async () => reject(new Error('refused')));
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Could not submit. Please try again.');
    click(oneByTestId(root, 'rating-submit'));
    expect(actions.customs).toHaveLength(2);
  });

  it('is static in the workbench (no actions)', () => {
    const { root } = mount(card());
    expect(byTestId(root, 'rating-option').every((o) => (o as HTMLButtonElement).disabled)).toBe(true);
    expect(byTestId(root, 'rating-submit')).toHaveLength(0);
  });

  it('renders in zh-CN', () => {
    const { root } = mount(card({ type: 1 }), recordActions(), 'zh-CN');
    expect(root.textContent).toContain('请对本次服务进行评价');
    expect(oneByTestId(root, 'rating-submit').textContent).toBe('提交评价');
  });
});

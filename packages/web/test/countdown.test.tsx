// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { formatCountdown } from '../src/format/time';
import { setLocale } from '../src/i18n';
import '../src/i18n/strings';
import { Countdown } from '../src/sessions/Countdown';
import { mount } from './support/dom';

// The accept countdown of an offered session (manual reception): whole seconds left, urgent at the end.

describe('formatCountdown', () => {
  it('shows minutes and seconds, hours when needed, never negative', () => {
    expect(formatCountdown(65)).toBe('1:05');
    expect(formatCountdown(9.4)).toBe('0:09');
    expect(formatCountdown(3725)).toBe('1:02:05');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

describe('Countdown', () => {
  const start = new Date('2026-03-02T09:00:00Z').getTime();

  beforeEach(() => {
    vi.useFakeTimers({ now: start });
    setLocale('en-US');
  });
  afterEach(() => vi.useRealTimers());

  it('counts down to the deadline, turns urgent in the last ten seconds, then says it is expiring', () => {
    const view = mount(<Countdown deadline={start + 65_000} />);
    const timer = view.get('accept-countdown');
    expect(timer.textContent).toBe('1:05');
    expect(timer.dataset.seconds).toBe('65');
    expect(timer.className).toContain('countdown-running');
    expect(timer.getAttribute('aria-label')).toBe('Accept within 1:05');

    act(() => void vi.advanceTimersByTime(56_000));
    expect(timer.textContent).toBe('0:09');
    expect(timer.className).toContain('countdown-urgent');

    act(() => void vi.advanceTimersByTime(10_000));
    expect(timer.dataset.seconds).toBe('0');
    expect(timer.textContent).toBe('Expiring');
    expect(timer.className).toContain('countdown-expired');
    view.unmount();
  });

  it('speaks Chinese when the agent switches', () => {
    setLocale('zh-CN');
    const view = mount(<Countdown deadline={start + 30_000} />);
    expect(view.get('accept-countdown').getAttribute('aria-label')).toBe('请在 0:30 内接入');
    view.unmount();
    setLocale('en-US');
  });
});

import { describe, expect, it } from 'vitest';
import { detectToAgent } from './to-agent.ts';

describe('detectToAgent', () => {
  it('scores explicit requests near 1', () => {
    for (const text of ['转人工', '人工客服', '轉人工！', 'talk to a human', 'Agent please', 'I want a real person']) {
      expect(detectToAgent(text)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('detects requests buried in longer messages with a lower score', () => {
    const score = detectToAgent('我的退款三天了还没到账，你们到底怎么回事，帮我找客服');
    expect(score).toBeGreaterThanOrEqual(0.5);
    expect(score).toBeLessThan(0.9);
  });

  it('ignores ordinary questions, including ones about AI', () => {
    for (const text of ['怎么取消订单', '你是人工智能吗', '你是真人吗', 'how do I reset my password', '']) {
      expect(detectToAgent(text)).toBe(0);
    }
  });
});

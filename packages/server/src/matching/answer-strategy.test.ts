import { describe, expect, it } from 'vitest';
import { CLARIFY_MARGIN, decideAnswer, type StrategyConfig } from './answer-strategy.ts';
import type { Candidate, MatchResult } from './types.ts';

const config: StrategyConfig = {
  directAnsweringReaches: 0.7,
  chitchatEnable: true,
  chitchatReaches: 0.6,
  clarifyEnable: true,
  clarifyReaches: 0.3,
  clarifyNumber: 2,
  toAgentEnable: true,
};

const cand = (id: string, score: number, library: Candidate['library'] = 'faq', toAgent?: boolean): Candidate => ({
  id,
  library,
  score,
  raw: score,
  matchedText: id,
  ...(toAgent ? { toAgent } : {}),
});

const result = (faq: number[], chat: number[] = [], toAgentScore = 0, chatToAgent = false): MatchResult => ({
  faq: faq.map((s, i) => cand(`f${i}`, s)),
  chitchat: chat.map((s, i) => cand(`c${i}`, s, 'chitchat', chatToAgent)),
  margin: 0,
  toAgentScore,
});

describe('decideAnswer', () => {
  it('answers directly at exactly the direct threshold, not just below', () => {
    expect(decideAnswer(config, result([0.7]))).toMatchObject({ branch: 'direct', entry: { id: 'f0' }, score: 0.7 });
    expect(decideAnswer(config, result([0.6999])).branch).toBe('clarify');
  });

  it('prefers a direct FAQ answer over small talk', () => {
    expect(decideAnswer(config, result([0.75], [0.99])).branch).toBe('direct');
  });

  it('answers small talk at exactly the small-talk threshold, not just below', () => {
    expect(decideAnswer(config, result([0.1], [0.6]))).toMatchObject({ branch: 'chitchat', entry: { id: 'c0' } });
    expect(decideAnswer(config, result([0.1], [0.5999])).branch).toBe('fallback');
  });

  it('skips small talk when disabled', () => {
    expect(decideAnswer({ ...config, chitchatEnable: false }, result([0.1], [0.9])).branch).toBe('fallback');
  });

  it('clarifies only strictly above the clarify threshold, with at most clarifyNumber candidates above it', () => {
    const d = decideAnswer(config, result([0.5, 0.4, 0.35, 0.2]));
    expect(d.branch).toBe('clarify');
    expect(d.suggestions!.map((c) => c.id)).toEqual(['f0', 'f1']);
    expect(decideAnswer(config, result([0.5, 0.3])).suggestions!.map((c) => c.id)).toEqual(['f0']);
    expect(decideAnswer(config, result([0.3])).branch).toBe('fallback');
    expect(decideAnswer(config, result([0.3001])).branch).toBe('clarify');
    expect(decideAnswer({ ...config, clarifyEnable: false }, result([0.5])).branch).toBe('fallback');
  });

  it('falls back on an out-of-scope question whose best score is low, with the hand-over offer when human service is on', () => {
    // "今天北京天气怎么样？" on the Chinese FAQ set: five weak candidates, best 0.25.
    const weather = result([0.25, 0.22, 0.2, 0.18, 0.15]);
    const defaults = { ...config, clarifyReaches: 0.375, clarifyNumber: 5 };
    expect(decideAnswer(defaults, weather)).toEqual({ branch: 'fallback', score: 0.25 });
    expect(decideAnswer(defaults, { ...weather, toAgentScore: 0.6 }).branch).toBe('to_agent');
  });

  it('clarifies with the close candidates when two plausible ones are within the margin', () => {
    const d = decideAnswer({ ...config, clarifyNumber: 5 }, result([0.55, 0.5, 0.35]));
    expect(d.branch).toBe('clarify');
    expect(d.suggestions!.map((c) => c.id)).toEqual(['f0', 'f1']);
    expect(CLARIFY_MARGIN).toBe(0.1);
    // Exactly at the margin is still close.
    expect(decideAnswer({ ...config, clarifyNumber: 5 }, result([0.6, 0.5])).suggestions!.map((c) => c.id)).toEqual(['f0', 'f1']);
    expect(decideAnswer({ ...config, clarifyNumber: 5 }, result([0.6, 0.5]), { clarifyMargin: 0.05 }).suggestions!.map((c) => c.id)).toEqual(['f0']);
  });

  it('answers a clear winner directly and offers a lone plausible match without the far runners-up', () => {
    expect(decideAnswer(config, result([0.9, 0.65, 0.6]))).toMatchObject({ branch: 'direct', entry: { id: 'f0' } });
    const d = decideAnswer({ ...config, clarifyNumber: 5 }, result([0.6, 0.35, 0.32]));
    expect(d.branch).toBe('clarify');
    expect(d.suggestions!.map((c) => c.id)).toEqual(['f0']);
  });

  it('hands over to an agent when intent is detected and nothing else applies', () => {
    expect(decideAnswer(config, result([0.1], [], 0.6))).toMatchObject({ branch: 'to_agent', score: 0.6 });
    expect(decideAnswer(config, result([0.5], [], 0.6)).branch).toBe('clarify');
    expect(decideAnswer({ ...config, toAgentEnable: false }, result([0.1], [], 0.6)).branch).toBe('fallback');
    expect(decideAnswer(config, result([0.1], [], 0.49)).branch).toBe('fallback');
  });

  it('lets an explicit to-agent request beat even a direct answer', () => {
    expect(decideAnswer(config, result([0.95], [], 0.95)).branch).toBe('to_agent');
    expect(decideAnswer(config, result([0.95], [], 0.85)).branch).toBe('direct');
  });

  it('turns a chosen to-agent small-talk entry into a hand-over when enabled', () => {
    expect(decideAnswer(config, result([0.1], [0.8], 0, true))).toMatchObject({ branch: 'to_agent', entry: { id: 'c0' } });
    expect(decideAnswer({ ...config, toAgentEnable: false }, result([0.1], [0.8], 0, true)).branch).toBe('chitchat');
    expect(decideAnswer(config, result([0.1], [0.8]), { toAgentEntryIds: new Set(['c0']) }).branch).toBe('to_agent');
  });

  it('falls back on an empty result', () => {
    expect(decideAnswer(config, result([]))).toEqual({ branch: 'fallback', score: 0 });
  });
});

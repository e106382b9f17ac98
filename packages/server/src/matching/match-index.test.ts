import { describe, expect, it } from 'vitest';
import { MatchIndex } from './match-index.ts';
import type { KnowledgeEntry } from './types.ts';

const faq = (id: string, question: string, ...similar: string[]): KnowledgeEntry => ({ id, library: 'faq', question, similar });
const chat = (id: string, question: string, ...similar: string[]): KnowledgeEntry => ({ id, library: 'chitchat', question, similar });

const entries = [
  faq('order-cancel', '怎么取消订单？', '下单后可以取消吗', '订单不想要了如何取消'),
  faq('refund-time', '退款多久到账？', '退款什么时候到', '钱多久能退回来'),
  faq('invoice', '如何开发票', '发票在哪里申请', 'how to get an invoice'),
  faq('reset-password', 'How do I reset my password?', 'forgot my password', 'cannot log in, password lost'),
  chat('greeting', '你好', '在吗', 'hello'),
  chat('to-human', '转人工客服', '我要人工服务', 'talk to a human'),
];

describe('MatchIndex', () => {
  it('finds the right entry for paraphrases in Chinese, English and mixed text', () => {
    const index = new MatchIndex(entries);
    expect(index.search('订单能取消吗').faq[0].id).toBe('order-cancel');
    expect(index.search('退款几天能到账').faq[0].id).toBe('refund-time');
    expect(index.search('I forgot the password').faq[0].id).toBe('reset-password');
    expect(index.search('invoice怎么申请').faq[0].id).toBe('invoice');
    expect(index.search('訂單怎麼取消').faq[0].id).toBe('order-cancel');
  });

  it('reports FAQ and small talk separately with calibrated scores in [0,1]', () => {
    const result = new MatchIndex(entries).search('你好呀', { topK: 3 });
    expect(result.chitchat[0].id).toBe('greeting');
    expect(result.faq.length).toBeLessThanOrEqual(3);
    for (const c of [...result.faq, ...result.chitchat]) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
    }
    expect(result.chitchat[0].score).toBeGreaterThan(result.faq[0]?.score ?? 0);
    expect(result.margin).toBeGreaterThanOrEqual(0);
  });

  it('gives an exact question a higher score than a loose one, and unrelated text none', () => {
    const index = new MatchIndex(entries);
    const exact = index.search('退款多久到账').faq[0];
    const loose = index.search('到账').faq[0];
    expect(exact.score).toBeGreaterThan(loose.score);
    expect(exact.matchedText).toBe('退款多久到账？');
    const none = index.search('明天天气怎么样');
    expect(none.faq[0]?.score ?? 0).toBeLessThan(0.5);
    expect(index.search('？？？').faq).toEqual([]);
  });

  it('removed entries never match and upsert replaces an entry incrementally', () => {
    const index = new MatchIndex(entries);
    expect(index.remove('order-cancel')).toBe(true);
    expect(index.remove('order-cancel')).toBe(false);
    expect(index.has('order-cancel')).toBe(false);
    expect(index.search('怎么取消订单').faq.map((c) => c.id)).not.toContain('order-cancel');

    index.upsert(faq('order-cancel', '订单怎么撤销'));
    expect(index.search('撤销订单').faq[0].id).toBe('order-cancel');
    index.upsert(faq('order-cancel', '取消预约'));
    expect(index.search('订单怎么撤销').faq.map((c) => c.id)).not.toContain('order-cancel');
    expect(index.size).toBe(entries.length);
  });

  it('entries that were never indexed (disabled) never match', () => {
    const index = new MatchIndex(entries.filter((e) => e.id !== 'invoice'));
    expect(index.search('如何开发票').faq.map((c) => c.id)).not.toContain('invoice');
  });

  it('matches like a fresh build after a sequence of incremental changes', () => {
    const incremental = new MatchIndex(entries);
    incremental.remove('refund-time');
    incremental.upsert(faq('new', '积分怎么用', '积分可以抵现吗'));
    incremental.upsert(entries[1]);
    const fresh = new MatchIndex([...entries, faq('new', '积分怎么用', '积分可以抵现吗')]);
    for (const q of ['退款到账要多久', '积分抵扣', 'reset password', '你好']) {
      expect(incremental.search(q)).toEqual(fresh.search(q));
    }
  });

  it('uses the custom dictionary and synonyms', () => {
    const kb = [faq('insurance', '运费险怎么理赔'), faq('fee', '运费多少钱')];
    const index = new MatchIndex(kb, { dictionary: ['运费险'], synonyms: [['运费险', '退货险']] });
    expect(index.search('退货险').faq[0].id).toBe('insurance');
  });

  it('carries the to-agent flag of small-talk entries and the detector score', () => {
    const index = new MatchIndex([...entries.slice(0, 5), { ...entries[5], toAgent: true }]);
    const result = index.search('我要转人工');
    expect(result.chitchat[0]).toMatchObject({ id: 'to-human', toAgent: true });
    expect(result.toAgentScore).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same answer to a repeated query and survives heavy churn (scratch space and slot reuse)', () => {
    const index = new MatchIndex(entries);
    const first = index.search('退款多久到账');
    expect(index.search('退款多久到账')).toEqual(first);
    for (let round = 0; round < 5; round++) {
      for (const e of entries) index.remove(e.id);
      for (const e of [...entries].reverse()) index.upsert(e);
    }
    const fresh = new MatchIndex([...entries].reverse());
    for (const q of ['退款多久到账', '积分抵扣', 'reset password', '你好']) expect(index.search(q)).toEqual(fresh.search(q));
  });

  it('orders candidates by score exactly as by similarity', () => {
    const result = new MatchIndex(entries).search('退款 密码 订单', { topK: 10 });
    const all = [...result.faq, ...result.chitchat].sort((a, b) => b.score - a.score);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].raw).toBeGreaterThanOrEqual(all[i].raw);
  });
});

/**
 * Synthetic but realistic customer-service FAQ entries (Chinese and English) for bench/api.ts.
 * Deterministic: the same seed gives the same 10,000 questions. Each entry has 2-3 similar questions.
 */

export interface FaqText {
  question: string;
  answer: string;
  similar: string[];
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const ZH_OBJECTS = [
  '订单',
  '账户',
  '密码',
  '手机号',
  '收货地址',
  '发票',
  '优惠券',
  '会员',
  '积分',
  '退款',
  '物流',
  '快递单号',
  '银行卡',
  '支付方式',
  '购物车',
  '商品评价',
  '实名认证',
  '绑定邮箱',
  '自动续费',
  '订阅',
  '礼品卡',
  '押金',
  '保修卡',
  '预约',
  '门店',
  '配送时间',
  '套餐',
  '流量包',
  '宽带',
  '话费',
  '电子合同',
  '售后工单',
  '退货标签',
  '分期付款',
  '余额',
  '提现',
  '头像',
  '昵称',
  '登录设备',
  '消息通知',
] as const;
const ZH_ACTIONS = ['修改', '取消', '查询', '绑定', '解绑', '申请', '开通', '关闭', '找回', '删除', '恢复', '更换', '延期', '升级', '导出', '补开'] as const;
const ZH_TEMPLATES: ReadonlyArray<(a: string, o: string) => string> = [
  (a, o) => `怎么${a}${o}？`,
  (a, o) => `如何${a}我的${o}`,
  (a, o) => `${o}可以${a}吗？`,
  (a, o) => `${a}${o}需要多长时间？`,
  (a, o) => `${a}${o}失败了怎么办`,
  (a, o) => `${a}${o}要收费吗？`,
  (a, o) => `在哪里${a}${o}？`,
  (a, o) => `${o}${a}后多久生效`,
] as const;
const ZH_SIMILAR: ReadonlyArray<(a: string, o: string) => string> = [
  (a, o) => `${o}怎么${a}`,
  (a, o) => `我想${a}${o}`,
  (a, o) => `请问${o}能不能${a}`,
  (a, o) => `${a}${o}的步骤`,
  (a, o) => `帮我${a}一下${o}`,
  (a, o) => `${o}${a}入口在哪`,
] as const;

const EN_OBJECTS = [
  'order',
  'account',
  'password',
  'phone number',
  'shipping address',
  'invoice',
  'coupon',
  'membership',
  'reward points',
  'refund',
  'tracking number',
  'bank card',
  'payment method',
  'cart',
  'product review',
  'identity verification',
  'email address',
  'auto-renewal',
  'subscription',
  'gift card',
  'deposit',
  'warranty',
  'appointment',
  'store pickup',
  'delivery slot',
  'data plan',
  'broadband plan',
  'e-contract',
  'support ticket',
  'return label',
  'installment plan',
  'wallet balance',
  'withdrawal',
  'profile photo',
  'username',
  'trusted device',
  'notification settings',
  'two-factor login',
  'billing cycle',
  'loyalty tier',
] as const;
const EN_ACTIONS = ['change', 'cancel', 'check', 'link', 'unlink', 'request', 'activate', 'turn off', 'recover', 'delete', 'restore', 'replace', 'extend', 'upgrade', 'export', 'reissue'] as const;
const EN_TEMPLATES: ReadonlyArray<(a: string, o: string) => string> = [
  (a, o) => `How do I ${a} my ${o}?`,
  (a, o) => `Can I ${a} the ${o} online?`,
  (a, o) => `How long does it take to ${a} my ${o}?`,
  (a, o) => `What should I do if I can't ${a} my ${o}?`,
  (a, o) => `Is there a fee to ${a} the ${o}?`,
  (a, o) => `Where can I ${a} my ${o}?`,
  (a, o) => `When does it take effect after I ${a} my ${o}?`,
  (a, o) => `Who can ${a} the ${o} on a shared account?`,
] as const;
const EN_SIMILAR: ReadonlyArray<(a: string, o: string) => string> = [
  (a, o) => `${a} ${o}`,
  (a, o) => `I want to ${a} my ${o}`,
  (a, o) => `is it possible to ${a} the ${o}`,
  (a, o) => `steps to ${a} ${o}`,
  (a, o) => `help me ${a} my ${o} please`,
  (a, o) => `where is the option to ${a} ${o}`,
] as const;

const ZH_ANSWERS = [
  (a: string, o: string) => `您可以在 App「我的」>「设置」中${a}${o}，提交后一般 1-3 个工作日内处理完成。如遇问题请联系人工客服。`,
  (a: string, o: string) => `${a}${o}无需额外费用。请确认已登录账户并完成实名认证，然后按页面提示操作即可。`,
  (a: string, o: string) => `目前支持在线${a}${o}。若系统提示失败，请检查网络后重试，或在工作时间（9:00-21:00）拨打客服热线。`,
] as const;
const EN_ANSWERS = [
  (a: string, o: string) => `You can ${a} your ${o} under Me > Settings in the app. Requests are usually processed within 1-3 business days.`,
  (a: string, o: string) => `There is no fee to ${a} the ${o}. Make sure you are signed in and verified, then follow the on-screen steps.`,
  (a: string, o: string) => `You can ${a} the ${o} online. If it fails, check your connection and retry, or call support between 9:00 and 21:00.`,
] as const;

function entries(lang: 'zh' | 'en', r: () => number): FaqText[] {
  const [objects, actions, templates, similars, answers] =
    lang === 'zh' ? [ZH_OBJECTS, ZH_ACTIONS, ZH_TEMPLATES, ZH_SIMILAR, ZH_ANSWERS] : [EN_OBJECTS, EN_ACTIONS, EN_TEMPLATES, EN_SIMILAR, EN_ANSWERS];
  const out: FaqText[] = [];
  for (const o of objects) {
    for (const a of actions) {
      for (const t of templates) {
        const n = 2 + Math.floor(r() * 2);
        const sim = new Set<string>();
        while (sim.size < n) sim.add(pick(r, similars)(a, o));
        out.push({ question: t(a, o), answer: pick(r, answers)(a, o), similar: [...sim] });
      }
    }
  }
  return out;
}

/** `count` unique FAQ entries, half Chinese and half English, shuffled deterministically. */
export function faqEntries(count: number, seed = 42): FaqText[] {
  const r = rng(seed);
  const zh = entries('zh', r);
  const en = entries('en', r);
  const half = Math.ceil(count / 2);
  if (zh.length < half || en.length < count - half) throw new Error(`can generate at most ${2 * Math.min(zh.length, en.length)} entries`);
  const all = shuffle([...shuffle(zh, r).slice(0, half), ...shuffle(en, r).slice(0, count - half)], r);
  const seen = new Set(all.map((e) => e.question.toLowerCase()));
  if (seen.size !== all.length) throw new Error('generated duplicate questions');
  return all;
}

function shuffle<T>(xs: T[], r: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** A fresh, unique FAQ entry for add_faq load (never collides with faqEntries: carries a ticket number). */
export function uniqueFaq(r: () => number, tag: string, n: number): FaqText {
  if (r() < 0.5) {
    const o = pick(r, ZH_OBJECTS);
    const a = pick(r, ZH_ACTIONS);
    return { question: `${pick(r, ZH_TEMPLATES)(a, o)}（工单 ${tag}-${n}）`, answer: pick(r, ZH_ANSWERS)(a, o), similar: [`${pick(r, ZH_SIMILAR)(a, o)} ${tag}-${n}`, `${o}${a} ${tag}-${n}`] };
  }
  const o = pick(r, EN_OBJECTS);
  const a = pick(r, EN_ACTIONS);
  return { question: `${pick(r, EN_TEMPLATES)(a, o)} (ticket ${tag}-${n})`, answer: pick(r, EN_ANSWERS)(a, o), similar: [`${pick(r, EN_SIMILAR)(a, o)} ${tag}-${n}`, `${a} ${o} ${tag}-${n}`] };
}

/** Keywords for the filtered list_faq scenario: each matches a few hundred standard questions. */
export const LIST_KEYWORDS = ['密码', '订单', '发票', '退款', 'password', 'order', 'invoice', 'refund'] as const;

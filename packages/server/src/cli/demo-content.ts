import type { App } from '../apps/index.ts';
import type { Services } from '../services.ts';

// What a new user's demo robot knows: a small shop help desk, so the chat page answers FAQ questions,
// asks "did you mean" when a question is ambiguous, and shows a welcome card from the first second.

interface DemoEntry {
  question: string;
  similar: string[];
  answer: string;
  /** 2: rich text (Markdown). */
  answerType?: 0 | 2;
}

const ORDERS: DemoEntry[] = [
  {
    question: '如何修改收货地址',
    similar: ['怎么改收货地址', '收货地址填错了', '更换配送地址'],
    answer: '订单发货前，您可以在「我的订单 → 订单详情 → 修改地址」中修改收货地址；已发货的订单请联系人工客服。',
  },
  {
    question: '多久可以发货',
    similar: ['什么时候发货', '下单后几天发货', '发货时间'],
    answer: '现货商品在付款后 24 小时内发货，预售商品以商品页写明的时间为准。',
  },
  {
    question: '如何申请退货',
    similar: ['我要退货', '退货流程', '怎么退货退款'],
    answer: '**七天无理由退货**\n\n1. 打开「我的订单」，选择要退的商品；\n2. 点击「申请售后 → 退货退款」；\n3. 按页面提示寄回商品。\n\n退款会在我们收到商品后 1–3 个工作日内原路退回。',
    answerType: 2,
  },
  {
    question: 'How do I change my delivery address?',
    similar: ['change shipping address', 'wrong delivery address', 'update my address'],
    answer: 'Before your order ships, open My orders → Order details → Change address. If it has already shipped, ask for a human agent.',
  },
  {
    question: 'How long does delivery take?',
    similar: ['when will my order ship', 'shipping time', 'delivery time'],
    answer: 'In-stock items ship within 24 hours of payment and usually arrive in 2–4 days.',
  },
];

const ACCOUNT: DemoEntry[] = [
  {
    question: '如何修改登录密码',
    similar: ['忘记密码怎么办', '怎么改密码', '重置密码'],
    answer: '在登录页点击「忘记密码」，通过手机验证码即可重置；已登录时可在「设置 → 账号安全」中修改。',
  },
  {
    question: '如何开具发票',
    similar: ['怎么开发票', '我要发票', '申请电子发票'],
    answer: '订单完成后，在「订单详情 → 申请发票」填写抬头和税号，电子发票会在 1 个工作日内发送到您的邮箱。',
  },
  {
    question: 'How do I reset my password?',
    similar: ['forgot my password', 'change password', 'cannot log in'],
    answer: 'Click "Forgot password" on the sign-in page and follow the code we text you. Signed in? Go to Settings → Security.',
  },
];

export const DEMO_WELCOME_QUESTIONS = ['如何修改收货地址', '多久可以发货', '如何申请退货', '如何开具发票'];

/** Fills the app's default robot with the demo library and publishes it (test and production). */
export async function seedDemoContent(services: Services, app: App): Promise<void> {
  const { robots, library, releases } = services.knowledge;
  const robot = (await robots.listRobots(app.sdkAppId)).find((r) => r.isDefault);
  if (!robot) throw new Error(`App ${app.sdkAppId} has no default robot`);
  const scope = { appId: app.sdkAppId, robotId: robot.robotId };
  for (const [title, entries] of [
    ['订单与配送', ORDERS],
    ['账号与发票', ACCOUNT],
  ] as const) {
    const categoryId = await library.addCategory(scope, 'test', 'faq', { title });
    await library.addQuestions(
      scope,
      'test',
      'faq',
      entries.map((e) => ({ categoryId, question: e.question, answer: e.answer, answerType: e.answerType ?? 0, similar: e.similar })),
    );
  }
  await robots.updateConfig(scope, 'test', '', { welcomeCardEnable: true, welcomeCardQuestions: DEMO_WELCOME_QUESTIONS });
  await releases.publish(scope, 'Demo content', 'parley');
}

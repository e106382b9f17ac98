import { TEMPLATE_HEADER, toCells } from './columns.ts';

/** The download users fill in: the bilingual header and one example row (which imports as a real QA). */
export function templateRows(): string[][] {
  const example = toCells({
    category: '售后服务/退换货',
    question: '如何申请退货？',
    similar: '怎么退货\n退货流程是什么',
    answer: '在「我的订单」中找到该订单，点击「申请退货」并按提示填写原因即可。',
    answerType: '纯文本',
    status: '启用',
  });
  return [TEMPLATE_HEADER, example];
}

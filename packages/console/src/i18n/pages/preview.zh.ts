// 机器人配置页阈值预览的中文文案。
import type { previewEn } from './preview.en';

export const previewZh: Record<keyof typeof previewEn, string> = {
  'preview.title': '对最近 {count} 个问题的影响',
  'preview.help': '该语言最近的客户问题，用线上知识库分别按线上阈值（当前）和上面的阈值（调整后）重新回答一遍。不会保存任何内容。',
  'preview.empty': '还没有客户提问：客户提问后这里会显示预览。',
  'preview.outcome': '回答方式',
  'preview.now': '当前',
  'preview.proposed': '调整后',
  'preview.changed': '有 {count} 个问题的回答方式会改变',
  'preview.unchanged': '没有问题的回答方式会改变。',
  'preview.examples': '会改变的问题',
  'preview.failed': '暂时无法预览：{message}',
};

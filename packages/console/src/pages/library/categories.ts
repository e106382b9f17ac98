import type { Category } from '../../api/types';
import type { Translate } from '../../i18n';

export const MENU = { ordinary: 0, all: 1, preset: 2 } as const;

// Titles of the system categories every robot starts with, as people read them in either language.
const SYSTEM_TITLES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  全部分类: { 'zh-CN': '全部分类', 'en-US': 'All categories' },
  系统预设分类: { 'zh-CN': '系统预设分类', 'en-US': 'System presets' },
  日常问候: { 'zh-CN': '日常问候', 'en-US': 'Greetings' },
  询问机器人信息: { 'zh-CN': '询问机器人信息', 'en-US': 'About the robot' },
  情绪表达: { 'zh-CN': '情绪表达', 'en-US': 'Feelings' },
  客服场景问答: { 'zh-CN': '客服场景问答', 'en-US': 'Customer-service phrases' },
};

export function categoryTitle(category: Category, locale: 'zh-CN' | 'en-US', t: Translate): string {
  if (category.menuType === MENU.all) return t('lib.allCategories');
  if (category.menuType === MENU.preset) return SYSTEM_TITLES[category.title]?.[locale] ?? category.title;
  return category.title;
}

export interface CategoryNode {
  category: Category;
  children: Category[];
}

/** Two levels: top-level categories (the "all" one first) and their children. */
export function categoryTree(categories: Category[]): CategoryNode[] {
  const top = categories.filter((c) => c.parentId === 0).sort((a, b) => (a.menuType === MENU.all ? -1 : b.menuType === MENU.all ? 1 : a.sort - b.sort || a.categoryId - b.categoryId));
  return top.map((category) => ({ category, children: categories.filter((c) => c.parentId === category.categoryId).sort((a, b) => a.sort - b.sort || a.categoryId - b.categoryId) }));
}

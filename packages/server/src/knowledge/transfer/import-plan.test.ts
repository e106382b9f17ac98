import { describe, expect, it } from 'vitest';
import type { Category } from '../library-service.ts';
import { MENU } from '../seed-libraries.ts';
import { planImport } from './import-plan.ts';
import type { QaRow } from './row-reader.ts';

const category = (categoryId: number, title: string, parentId = 0, menuType: number = MENU.ordinary) => ({ categoryId, title, parentId, menuType }) as Category;
const row = (n: number, categoryPath: string[], question: string): QaRow => ({ row: n, categoryPath, question, similar: [], answer: 'a', answerType: 0, status: 4 });
const labels = { category: '分类', question: '标准问题' };

describe('planImport', () => {
  const categories = [category(1, '全部分类', 0, MENU.all), category(2, '售后'), category(3, '退货', 2)];

  it('reuses existing categories and creates missing ones parents first, once each', () => {
    const plan = planImport({
      rows: [row(2, ['售后', '退货'], 'q1'), row(3, ['物流', '时效'], 'q2'), row(4, ['物流'], 'q3'), row(5, ['售后', '换货'], 'q4'), row(6, ['物流', '时效'], 'q5')],
      categories,
      existingQuestions: new Set(),
      labels,
    });
    expect(plan.errors).toEqual([]);
    expect(plan.newCategories).toEqual([['物流'], ['物流', '时效'], ['售后', '换货']]);
    expect(plan.categoryIds.get('售后\u0000退货')).toBe(3);
  });

  it('flags duplicates in the file and against the library, case-insensitively', () => {
    const plan = planImport({ rows: [row(2, ['售后'], 'Hello'), row(3, ['售后'], 'hello'), row(4, ['售后'], 'Old')], categories, existingQuestions: new Set(['old']), labels });
    expect(plan.errors).toEqual([
      { row: 3, column: '标准问题', message: 'Duplicates the standard question of row 2' },
      { row: 4, column: '标准问题', message: 'The standard question "Old" already exists in the library' },
    ]);
  });

  it('refuses sub-categories under a system category', () => {
    const plan = planImport({ rows: [row(2, ['全部分类', 'x'], 'q')], categories, existingQuestions: new Set(), labels });
    expect(plan.errors).toEqual([{ row: 2, column: '分类', message: '"全部分类" is a system category and cannot have sub-categories' }]);
  });
});

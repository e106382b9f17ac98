import { describe, expect, it } from 'vitest';
import { mapHeader, TEMPLATE_HEADER } from './columns.ts';
import { readQaRows } from './row-reader.ts';
import type { SheetRow } from './sheet-row.ts';

const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ number: i + 1, cells }));

describe('mapHeader', () => {
  it('accepts Chinese, English or bilingual names in any order and ignores extra columns', () => {
    const { columns, errors } = mapHeader({ number: 1, cells: ['Answer', '备注', '*标准问题', 'Category 分类', 'similar questions'] });
    expect(errors).toEqual([]);
    expect(Object.fromEntries([...columns].map(([key, c]) => [key, c.index]))).toEqual({ answer: 0, question: 2, category: 3, similar: 4 });
  });

  it('reports missing required and repeated columns on the header row', () => {
    const { errors } = mapHeader({ number: 1, cells: ['分类', 'Category', '回答'] });
    expect(errors.map((e) => e.message)).toEqual(['Column "分类 Category" appears more than once', 'Required column "标准问题 Standard question" is missing']);
  });

  it('does not confuse "answer type" with "answer"', () => {
    const { columns } = mapHeader({ number: 1, cells: TEMPLATE_HEADER });
    expect(columns.get('answer')?.index).toBe(3);
    expect(columns.get('answerType')?.index).toBe(4);
  });
});

describe('readQaRows', () => {
  it('reads paths, similar-question separators, labels and codes', () => {
    const { rows, errors } = readQaRows(sheet(TEMPLATE_HEADER, ['售后 > 退货', '怎么退', 'a\nb|c；d', '去订单页', '富文本', '停用'], ['物流', '多久到', '', '三天', '0', '']));
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ row: 2, categoryPath: ['售后', '退货'], similar: ['a', 'b', 'c', 'd'], answerType: 2, status: 5 });
    expect(rows[1]).toMatchObject({ row: 3, categoryPath: ['物流'], similar: [], answerType: 0, status: 4 });
  });

  it('reports every bad cell with its row and the user’s column header', () => {
    const { rows, errors } = readQaRows(sheet(['Category', 'Question', 'Answer', 'Status'], ['a/b/c', '', 'ok', 'maybe'], ['x', 'q'.repeat(501), '', '']));
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { row: 2, column: 'Category', message: 'Category "a/b/c" has more than two levels' },
      { row: 2, column: 'Question', message: 'Question must not be empty' },
      { row: 2, column: 'Status', message: 'Status "maybe" is not one of 启用 or 停用' },
      { row: 3, column: 'Question', message: 'Question is at most 500 characters' },
      { row: 3, column: 'Answer', message: 'Answer must not be empty' },
    ]);
  });

  it('needs a header and at least one row', () => {
    expect(readQaRows([]).errors[0].message).toMatch(/empty/);
    expect(readQaRows(sheet(TEMPLATE_HEADER)).errors[0]).toMatchObject({ row: 2, message: 'There are no QA rows below the header' });
  });
});

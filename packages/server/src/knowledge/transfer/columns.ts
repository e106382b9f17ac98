import type { SheetRow } from './sheet-row.ts';
import type { RowError } from './row-error.ts';

export type ColumnKey = 'category' | 'question' | 'similar' | 'answer' | 'answerType' | 'status';

interface ColumnSpec {
  key: ColumnKey;
  /** Accepted names; the first of each is used in the template's bilingual header. */
  zh: string[];
  en: string[];
  required: boolean;
}

/** The sheet's columns in template order. */
export const COLUMNS: ColumnSpec[] = [
  { key: 'category', zh: ['分类'], en: ['Category'], required: true },
  { key: 'question', zh: ['标准问题', '问题'], en: ['Standard question', 'Question'], required: true },
  { key: 'similar', zh: ['相似问题'], en: ['Similar questions', 'Similar question'], required: false },
  { key: 'answer', zh: ['回答', '答案'], en: ['Answer'], required: true },
  { key: 'answerType', zh: ['回答类型', '答案类型'], en: ['Answer type'], required: false },
  { key: 'status', zh: ['状态'], en: ['Status'], required: false },
];

const headerOf = (spec: ColumnSpec) => `${spec.zh[0]} ${spec.en[0]}`;

export const TEMPLATE_HEADER = COLUMNS.map(headerOf);

/** Cells of one sheet row, in template column order. */
export const toCells = (values: Record<ColumnKey, string>) => COLUMNS.map((spec) => values[spec.key]);

/** Where each known column is in the uploaded sheet, and the header text the user gave it. */
export type ColumnMap = Map<ColumnKey, { index: number; label: string }>;

// Headers are compared without case, spaces and required-markers, so "分类 Category", "*分类" and "category" all match.
const normalize = (text: string) => text.toLowerCase().replace(/[\s*＊:：]/g, '');

function names(spec: ColumnSpec) {
  return { zh: spec.zh.map(normalize), en: spec.en.map(normalize) };
}

/** A header names a column in Chinese, in English, or both in either order. */
export function matchesColumn(header: string, spec: ColumnSpec): boolean {
  const text = normalize(header);
  const { zh, en } = names(spec);
  const pairs = (first: string[], second: string[]) => first.some((a) => text.startsWith(a) && second.includes(text.slice(a.length)));
  return zh.includes(text) || en.includes(text) || pairs(zh, en) || pairs(en, zh);
}

/** Maps the header row; unknown extra columns are ignored, missing required or repeated ones are errors. */
export function mapHeader(header: SheetRow): { columns: ColumnMap; errors: RowError[] } {
  const columns: ColumnMap = new Map();
  const errors: RowError[] = [];
  header.cells.forEach((label, index) => {
    const spec = COLUMNS.find((candidate) => matchesColumn(label, candidate));
    if (!spec) return;
    if (columns.has(spec.key)) errors.push({ row: header.number, column: label, message: `Column "${headerOf(spec)}" appears more than once` });
    else columns.set(spec.key, { index, label: label.trim() });
  });
  for (const spec of COLUMNS) {
    if (spec.required && !columns.has(spec.key)) errors.push({ row: header.number, column: headerOf(spec), message: `Required column "${headerOf(spec)}" is missing` });
  }
  return { columns, errors };
}

/** The label to report a column's errors under: the user's header, or the template's if the column is absent. */
export function columnLabel(columns: ColumnMap, key: ColumnKey): string {
  return columns.get(key)?.label ?? headerOf(COLUMNS.find((spec) => spec.key === key)!);
}

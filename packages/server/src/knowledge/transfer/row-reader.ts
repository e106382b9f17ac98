import { AppError } from '../../platform/errors.ts';
import { cleanAnswer, cleanQuestion, cleanSimilar } from '../library-validation.ts';
import { parseCategoryPath } from './category-path.ts';
import { columnLabel, mapHeader, type ColumnKey, type ColumnMap } from './columns.ts';
import { parseAnswerType, parseStatus, splitSimilar } from './field-values.ts';
import { IMPORT_LIMITS } from './limits.ts';
import type { RowError } from './row-error.ts';
import type { SheetRow } from './sheet-row.ts';

/** One QA row that passed the field rules, values cleaned as the library stores them. */
export interface QaRow {
  row: number;
  categoryPath: string[];
  question: string;
  similar: string[];
  answer: string;
  answerType: 0 | 2;
  status: 4 | 5;
}

export interface ReadResult {
  rows: QaRow[];
  errors: RowError[];
  columns: ColumnMap;
}

/** Applies the header mapping and every per-field rule; rows with any error are left out of `rows`. */
export function readQaRows(sheet: SheetRow[]): ReadResult {
  const [header, ...body] = sheet;
  if (!header) return failed({ row: 1, column: '', message: 'The file is empty; download the template for the expected columns' });
  const { columns, errors } = mapHeader(header);
  if (errors.length) return { rows: [], errors, columns };
  if (body.length === 0) return failed({ row: header.number + 1, column: '', message: 'There are no QA rows below the header' }, columns);
  if (body.length > IMPORT_LIMITS.rows) return failed({ row: body[IMPORT_LIMITS.rows].number, column: '', message: `At most ${IMPORT_LIMITS.rows} QA rows per file` }, columns);
  const result: ReadResult = { rows: [], errors: [], columns };
  for (const sheetRow of body) {
    const read = readRow(sheetRow, columns);
    if ('errors' in read) result.errors.push(...read.errors);
    else result.rows.push(read);
  }
  return result;
}

function failed(error: RowError, columns: ColumnMap = new Map()): ReadResult {
  return { rows: [], errors: [error], columns };
}

function readRow(sheetRow: SheetRow, columns: ColumnMap): QaRow | { errors: RowError[] } {
  const errors: RowError[] = [];
  const cell = (key: ColumnKey) => {
    const column = columns.get(key);
    return column ? (sheetRow.cells[column.index] ?? '').trim() : '';
  };
  // Runs one field rule; its message becomes this cell's error, so every bad cell is reported at once.
  const field = <T>(key: ColumnKey, rule: () => T): T => {
    try {
      return rule();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push({ row: sheetRow.number, column: columnLabel(columns, key), message: error.message });
      return undefined as T;
    }
  };
  const categoryPath = field('category', () => parseCategoryPath(cell('category')));
  const question = field('question', () => cleanQuestion(cell('question')));
  const similar = field('similar', () => cleanSimilar(splitSimilar(cell('similar')), question ?? ''));
  const answerType = field('answerType', () => parseAnswerType(cell('answerType')));
  const answer = field('answer', () => cleanAnswer(cell('answer'), answerType ?? 0));
  const status = field('status', () => parseStatus(cell('status')));
  if (errors.length) return { errors };
  return { row: sheetRow.number, categoryPath, question, similar, answer, answerType, status };
}

import Papa from 'papaparse';
import { QUICK_REPLY_LIMITS as L } from '@parley/protocol';
import { textProblem } from './rules.ts';

// Bulk add (批量添加; spec 01 §9 leaves the input format open). One reply per line as
// `title<TAB>content` or `title|content`, or CSV `title,content` with quotes for commas and newlines.

export type BulkFormat = 'lines' | 'csv';

export interface BulkEntry {
  /** 1-based line of the text where the reply starts. */
  line: number;
  title: string;
  content: string;
}

export interface LineError {
  line: number;
  reason: string;
}

export interface ParsedBulk {
  entries: BulkEntry[];
  errors: LineError[];
}

/** A first row like this is a header, not a reply. */
const HEADERS = [
  ['title', 'content'],
  ['标题', '内容'],
];

/**
 * Lines mode when the first non-blank line holds a TAB or `|`, CSV otherwise (a comma-separated
 * export). `format` overrides the guess.
 */
export function detectFormat(text: string): BulkFormat {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.includes('\t') || first.includes('|') ? 'lines' : 'csv';
}

export function parseBulkText(raw: string, format?: BulkFormat): ParsedBulk {
  const text = raw.replace(/\r\n?/g, '\n');
  const rows = (format ?? detectFormat(text)) === 'lines' ? lineRows(text) : csvRows(text);
  const result: ParsedBulk = { entries: [], errors: [] };
  rows.forEach((row, i) => {
    if ('reason' in row) return result.errors.push(row);
    if (i === 0 && isHeader(row.fields)) return;
    const entry = entryOf(row.line, row.fields);
    if ('reason' in entry) result.errors.push(entry);
    else result.entries.push(entry);
  });
  return result;
}

type Row = { line: number; fields: string[] } | LineError;

/** Splits each non-blank line at its first TAB, or at its first `|` when it has no TAB. */
function lineRows(text: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = line.includes('\t') ? line.indexOf('\t') : line.indexOf('|');
    rows.push({ line: i + 1, fields: at < 0 ? [line] : [line.slice(0, at), line.slice(at + 1)] });
  });
  return rows;
}

/** Papaparse row by row, so each row knows the line it starts on (quoted cells may span lines). */
function csvRows(text: string): Row[] {
  const rows: Row[] = [];
  const lines = new LineCounter(text);
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    step: (result) => {
      const line = lines.at(start);
      const end = result.meta.cursor;
      const blank = text.slice(start, end).trim() === '';
      start = end;
      if (result.errors.length) rows.push({ line, reason: csvError(result.errors[0]) });
      else if (!blank) rows.push({ line, fields: result.data });
    },
  });
  return rows;
}

/** Line numbers for increasing offsets, counting each newline once. */
class LineCounter {
  private scanned = 0;
  private line = 1;
  constructor(private text: string) {}

  /** The 1-based line of the first non-blank character at or after `offset`. */
  at(offset: number): number {
    let target = Math.max(offset, this.scanned);
    while (target < this.text.length && /\s/.test(this.text[target])) target++;
    for (; this.scanned < target; this.scanned++) if (this.text[this.scanned] === '\n') this.line++;
    return this.line;
  }
}

function csvError(error: Papa.ParseError): string {
  return error.code === 'MissingQuotes' ? 'a quoted cell is not closed (missing ")' : `not valid CSV: ${error.message}`;
}

function isHeader(fields: string[]): boolean {
  const cells = fields.map((f) => f.trim().toLowerCase());
  return HEADERS.some((h) => cells.length === 2 && cells[0] === h[0] && cells[1] === h[1]);
}

function entryOf(line: number, fields: string[]): BulkEntry | LineError {
  if (fields.length < 2) return { line, reason: 'no separator: write title<TAB>content, title|content or title,content' };
  if (fields.length > 2) return { line, reason: `${fields.length} cells; a CSV line holds title,content (quote a content that contains commas)` };
  const title = fields[0].trim();
  const content = fields[1].trim();
  const problem = textProblem('title', title, L.title) ?? textProblem('content', content, L.content);
  return problem ? { line, reason: problem } : { line, title, content };
}

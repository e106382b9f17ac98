import { readCsv, writeCsv } from './csv.ts';
import type { SheetRow } from './sheet-row.ts';
import { readXlsx, writeXlsx } from './xlsx.ts';

export type { SheetRow } from './sheet-row.ts';

export type SheetFormat = 'csv' | 'xlsx';

export const SHEET_FILES: Record<SheetFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
};

/** An XLSX file is a ZIP archive; sniffing it lets uploads omit `format`. */
export function sniffFormat(bytes: Uint8Array): SheetFormat {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'xlsx' : 'csv';
}

export function readSheet(format: SheetFormat, bytes: Uint8Array): Promise<SheetRow[]> {
  return format === 'xlsx' ? readXlsx(bytes) : Promise.resolve(readCsv(bytes));
}

export function writeSheet(format: SheetFormat, rows: string[][]): Promise<Buffer> {
  return format === 'xlsx' ? writeXlsx(rows) : Promise.resolve(writeCsv(rows));
}

import ExcelJS from 'exceljs';
import { invalid } from '../../platform/errors.ts';
import { isBlankRow, type SheetRow } from './sheet-row.ts';

/** Reads the first worksheet. `cell.text` flattens formulas (cached result), rich text and hyperlinks. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw invalid('The file is not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  const rows: SheetRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cell.text.replace(/\r\n?/g, '\n');
    });
    const dense = Array.from(cells, (cell) => cell ?? '');
    if (!isBlankRow(dense)) rows.push({ number, cells: dense });
  });
  return rows;
}

export async function writeXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('QA');
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  (rows[0] ?? []).forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = 30;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import Papa from 'papaparse';
import { decodeText } from './decode.ts';
import { escapeFormula, unescapeFormula } from './formula-guard.ts';
import { isBlankRow, type SheetRow } from './sheet-row.ts';

/** Reads a CSV upload; each record is one sheet row, even when quoted cells span several lines. */
export function readCsv(bytes: Uint8Array): SheetRow[] {
  // '|' is not guessed: it separates similar questions inside a cell.
  const parsed = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';'] });
  const rows: SheetRow[] = [];
  parsed.data.forEach((record, i) => {
    const cells = record.map((cell) => unescapeFormula(cell.replace(/\r\n?/g, '\n')));
    if (!isBlankRow(cells)) rows.push({ number: i + 1, cells });
  });
  return rows;
}

/** UTF-8 with a BOM and CRLF, so Excel opens Chinese text correctly. */
export function writeCsv(rows: string[][]): Buffer {
  const text = Papa.unparse(
    rows.map((row) => row.map(escapeFormula)),
    { newline: '\r\n' },
  );
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

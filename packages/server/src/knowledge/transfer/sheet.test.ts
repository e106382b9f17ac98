import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from './csv.ts';
import { decodeText } from './decode.ts';
import { escapeFormula, unescapeFormula } from './formula-guard.ts';
import { readSheet, sniffFormat, writeSheet } from './sheet.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('strips a UTF-8 BOM', () => {
    expect(decodeText(bytes('\uFEFF分类'))).toBe('分类');
  });

  it('falls back to GBK when the bytes are not UTF-8', () => {
    expect(decodeText(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0x61]))).toBe('你好,a');
  });
});

describe('formula guard', () => {
  it.each(['=1+1', '+1', '-x', '@SUM(A1)', "'=x", "''-y", 'plain', "'quoted", ''])('round-trips %j', (cell) => {
    expect(unescapeFormula(escapeFormula(cell))).toBe(cell);
  });

  it('neutralises cells a spreadsheet would run', () => {
    expect(escapeFormula('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(escapeFormula('safe')).toBe('safe');
  });
});

describe('readCsv', () => {
  it('numbers rows like a spreadsheet: multi-line cells stay one row, blank rows are skipped but counted', () => {
    const text = 'a,b\r\n"line 1\r\nline 2",x\r\n\r\n,\r\nlast,y\r\n\r\n';
    expect(readCsv(bytes(text))).toEqual([
      { number: 1, cells: ['a', 'b'] },
      { number: 2, cells: ['line 1\nline 2', 'x'] },
      { number: 5, cells: ['last', 'y'] },
    ]);
  });

  it('keeps | inside cells instead of guessing it as the delimiter', () => {
    expect(readCsv(bytes('q,similar\nx,a|b|c\n'))[1].cells).toEqual(['x', 'a|b|c']);
  });
});

describe('writeSheet / readSheet', () => {
  const rows = [
    ['分类 Category', '回答 Answer'],
    ['售后/退货', '=danger()\n第二行'],
  ];

  it('writes CSV with a BOM and escaped formulas, and reads it back unchanged', async () => {
    const csv = writeCsv(rows);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain(`"'=danger()`);
    expect((await readSheet('csv', csv)).map((r) => r.cells)).toEqual(rows);
  });

  it('round-trips XLSX and is recognised by its bytes', async () => {
    const xlsx = await writeSheet('xlsx', rows);
    expect(sniffFormat(xlsx)).toBe('xlsx');
    expect(sniffFormat(writeCsv(rows))).toBe('csv');
    expect((await readSheet('xlsx', xlsx)).map((r) => r.cells)).toEqual(rows);
  });

  it('rejects a file that is not a workbook', async () => {
    await expect(readSheet('xlsx', bytes('not a zip'))).rejects.toThrow(/not a readable XLSX/);
  });
});

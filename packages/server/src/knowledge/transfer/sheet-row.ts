/** One non-blank row, numbered as the user sees it in a spreadsheet program (header = 1). */
export interface SheetRow {
  number: number;
  cells: string[];
}

/** Blank rows (Excel's trailing empties, spacer rows) are skipped but keep the numbering intact. */
export const isBlankRow = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** A problem with one cell (or the whole row when `column` is empty), located as the user sees the sheet. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export const byPosition = (a: RowError, b: RowError) => a.row - b.row;

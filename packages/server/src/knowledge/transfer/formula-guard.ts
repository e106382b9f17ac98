// A CSV cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheet programs
// (CSV injection). Export prefixes such cells with a quote; import strips exactly one again.
// Cells that already start with quotes before a trigger get one more, so the round trip is exact.

const TRIGGER = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

export const escapeFormula = (cell: string) => (TRIGGER.test(cell) ? `'${cell}` : cell);

export const unescapeFormula = (cell: string) => (ESCAPED.test(cell) ? cell.slice(1) : cell);

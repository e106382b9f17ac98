import type { Knowledge } from '../index.ts';
import { QaExporter } from './qa-export.ts';
import { QaImporter } from './qa-import.ts';

export { templateRows } from './template.ts';
export { SHEET_FILES, writeSheet, type SheetFormat } from './sheet.ts';
export { IMPORT_LIMITS } from './limits.ts';
export type { RowError } from './row-error.ts';

/** Bulk import and export of the QA library as CSV or XLSX sheets, composed from the knowledge services. */
export function createQaTransfer(knowledge: Knowledge) {
  return {
    importer: new QaImporter(knowledge.ctx, knowledge.library, knowledge.robots),
    exporter: new QaExporter(knowledge.library),
  };
}

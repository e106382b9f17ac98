import type { KnowledgeContext } from '../context.ts';
import type { LibraryService } from '../library-service.ts';
import type { RobotService } from '../robot-service.ts';
import { QaExporter } from './qa-export.ts';
import { QaImporter } from './qa-import.ts';

export { templateRows } from './template.ts';
export { SHEET_FILES, writeSheet, type SheetFormat } from './sheet.ts';
export { IMPORT_LIMITS } from './limits.ts';
export type { RowError } from './row-error.ts';
export type { ImportOptions, ImportResult } from './qa-import.ts';

/** Bulk import and export of the QA library as CSV or XLSX sheets, composed from the knowledge services (`services.knowledge.transfer`). */
export function createQaTransfer(knowledge: { ctx: KnowledgeContext; library: LibraryService; robots: RobotService }) {
  return {
    importer: new QaImporter(knowledge.ctx, knowledge.library, knowledge.robots),
    exporter: new QaExporter(knowledge.library),
  };
}

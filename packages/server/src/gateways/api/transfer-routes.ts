import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { createQaTransfer, IMPORT_LIMITS, SHEET_FILES, templateRows, writeSheet, type SheetFormat } from '../../knowledge/transfer/index.ts';
import { ErrorCodes, invalid } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { scopeOf } from './knowledge-routes.ts';

// Console API for bulk QA import/export. Files travel as raw request/response bodies.

const robotParams = z.object({ robotId: z.string().min(1) });
const format = z.enum(['csv', 'xlsx']);
// Tags end up in a download filename, so only tag characters are accepted.
const language = z.string().regex(/^[A-Za-z0-9-]{0,20}$/, 'language must be a language tag').default('');

/** Media types browsers and scripts send sheets with; parsed only inside this plugin. */
const UPLOAD_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream', SHEET_FILES.xlsx.contentType];

async function sendSheet(reply: FastifyReply, sheetFormat: SheetFormat, name: string, rows: string[][]) {
  const file = SHEET_FILES[sheetFormat];
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${name}.${file.extension}"`)
    .send(await writeSheet(sheetFormat, rows));
}

export async function transferRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { importer, exporter } = createQaTransfer(services.knowledge);
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_LIMITS.bytes }, (_request, body, done) => done(null, body));

  app.get('/robots/:robotId/faq/template', async (request, reply) => {
    const query = z.object({ format: format.default('xlsx') }).parse(request.query);
    return sendSheet(reply, query.format, 'qa-import-template', templateRows());
  });

  app.get('/robots/:robotId/faq/export', async (request, reply) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ format: format.default('xlsx'), env: z.enum(['test', 'prod']).default('test'), language }).parse(request.query);
    const rows = await exporter.rows(scopeOf(request, robotId), query.env, query.language);
    const day = services.clock.now().toISOString().slice(0, 10).replaceAll('-', '');
    return sendSheet(reply, query.format, ['qa-library', query.env, query.language, day].filter(Boolean).join('-'), rows);
  });

  app.post('/robots/:robotId/faq/import', async (request, reply) => {
    const { robotId } = robotParams.parse(request.params);
    const query = z.object({ format: format.optional(), language, mode: z.enum(['import', 'dryRun']).default('import') }).parse(request.query);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw invalid(`Send the file itself as the body, with content-type ${UPLOAD_TYPES.join(' or ')}`);
    }
    const dryRun = query.mode === 'dryRun';
    const result = await importer.import(scopeOf(request, robotId), request.body, { format: query.format, languageTag: query.language, dryRun });
    if (!result.ok) {
      const rows = new Set(result.errors.map((e) => e.row)).size;
      const message = `${rows} row(s) of the file have errors; nothing was imported`;
      return reply.code(400).send({ error: { code: ErrorCodes.invalidParams, message }, rows: result.errors });
    }
    return { imported: result.imported, createdCategories: result.createdCategories, dryRun };
  });
}

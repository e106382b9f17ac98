import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { knowledgeApi as K, withErrors } from '@parley/protocol';
import { IMPORT_LIMITS, SHEET_FILES, templateRows, writeSheet, type SheetFormat } from '../../knowledge/index.ts';
import { ErrorCodes, invalid } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { scopeOf } from './knowledge-routes.ts';

// Console API for bulk QA import/export. Files travel as raw request/response bodies.

/** Media types browsers and scripts send sheets with; parsed only inside this plugin. */
const UPLOAD_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream', SHEET_FILES.xlsx.contentType];
const tags = ['knowledge import/export'];

/** A sheet download: CSV or XLSX, as its own content type. */
const sheetResponse = withErrors({
  200: {
    description: 'The sheet file (Content-Disposition: attachment)',
    content: { [SHEET_FILES.csv.contentType]: { schema: K.sheetFile }, [SHEET_FILES.xlsx.contentType]: { schema: K.sheetFile } },
  },
});

async function sendSheet(reply: FastifyReply, sheetFormat: SheetFormat, name: string, rows: string[][]) {
  const file = SHEET_FILES[sheetFormat];
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${name}.${file.extension}"`)
    .send(await writeSheet(sheetFormat, rows));
}

export async function transferRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { importer, exporter } = services.knowledge.transfer;
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_LIMITS.bytes }, (_request, body, done) => done(null, body));

  app.get('/robots/:robotId/faq/template', { schema: { tags, params: K.robotParams, querystring: K.templateQuery, response: sheetResponse } }, async (request, reply) => {
    return sendSheet(reply, request.query.format, 'qa-import-template', templateRows());
  });

  app.get('/robots/:robotId/faq/export', { schema: { tags, params: K.robotParams, querystring: K.exportQuery, response: sheetResponse } }, async (request, reply) => {
    const { query } = request;
    const rows = await exporter.rows(scopeOf(request, request.params.robotId), query.env, query.language);
    const day = services.clock.now().toISOString().slice(0, 10).replaceAll('-', '');
    return sendSheet(reply, query.format, ['qa-library', query.env, query.language, day].filter(Boolean).join('-'), rows);
  });

  /** The file is the body. Bad rows: 400 with every row's number and reason, and nothing imported. */
  app.post('/robots/:robotId/faq/import', { schema: { tags, params: K.robotParams, querystring: K.importQuery, response: withErrors({ 200: K.importResponse }) } }, async (request, reply) => {
    const { query } = request;
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw invalid(`Send the file itself as the body, with content-type ${UPLOAD_TYPES.join(' or ')}`);
    }
    const dryRun = query.mode === 'dryRun';
    const result = await importer.import(scopeOf(request, request.params.robotId), request.body, { format: query.format, languageTag: query.language, dryRun });
    if (!result.ok) {
      const rows = new Set(result.errors.map((e) => e.row)).size;
      const message = `${rows} row(s) of the file have errors; nothing was imported`;
      return reply.code(400).send({ error: { code: ErrorCodes.invalidParams, message }, rows: result.errors });
    }
    return { imported: result.imported, createdCategories: result.createdCategories, dryRun };
  });
}

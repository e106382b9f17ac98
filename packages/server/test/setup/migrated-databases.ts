// Once per run, before any worker starts: migrate the database every test database is copied from
// (a PGlite snapshot, or with TEST_DATABASE_URL a PostgreSQL template), so workers don't race to.
import { ensurePgliteSnapshot, ensurePostgresTemplate } from '../harness/migrated-templates.ts';

export default async function setup(): Promise<void> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) await ensurePostgresTemplate(baseUrl);
  else await ensurePgliteSnapshot();
}

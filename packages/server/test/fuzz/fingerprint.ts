import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/platform/db.ts';

/**
 * Detects writes. In the fuzz suite's own database, every table gets a row trigger that appends
 * the table's name to `fuzz_writes`; the fingerprint is the newest committed id there. A rolled-back
 * write leaves no row (its id is skipped), so equal fingerprints before and after a request mean
 * it committed nothing, and the rows between two fingerprints name the tables written.
 */

/**
 * Columns a request may change without storing its input: when a signed-in customer was last seen
 * (an authenticated contact, recorded even when the service then refuses what the customer sent).
 */
const IGNORED_COLUMNS: Record<string, string[]> = { customers: ['last_seen_at'] };

export class Fingerprinter {
  constructor(private db: Db) {}

  async install(): Promise<void> {
    const tables = rowsOf<{ name: string }>(
      await this.db.execute(
        sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      ),
    ).map((r) => r.name);
    await this.db.execute(sql.raw(`CREATE TABLE fuzz_writes (id bigserial PRIMARY KEY, tbl text NOT NULL)`));
    await this.db.execute(sql.raw(`CREATE FUNCTION fuzz_note_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fuzz_writes (tbl) VALUES (TG_TABLE_NAME); RETURN NULL; END $$`));
    for (const t of tables) {
      const ignored = IGNORED_COLUMNS[t];
      if (!ignored) {
        await this.db.execute(sql.raw(`CREATE TRIGGER fuzz_writes AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION fuzz_note_write()`));
        continue;
      }
      const minus = ignored.map((c) => ` - '${c}'`).join('');
      await this.db.execute(sql.raw(`CREATE TRIGGER fuzz_writes AFTER INSERT OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION fuzz_note_write()`));
      await this.db.execute(
        sql.raw(`CREATE TRIGGER fuzz_writes_update AFTER UPDATE ON "${t}" FOR EACH ROW WHEN ((to_jsonb(OLD)${minus}) IS DISTINCT FROM (to_jsonb(NEW)${minus})) EXECUTE FUNCTION fuzz_note_write()`),
      );
    }
  }

  async take(): Promise<number> {
    const [row] = rowsOf<{ n: string | number | null }>(await this.db.execute(sql`SELECT max(id) AS n FROM fuzz_writes`));
    return Number(row?.n ?? 0);
  }

  /** Reads until two fingerprints a short while apart agree: work a request left running (a robot's answer) has landed. */
  async settled(): Promise<number> {
    let last = await this.take();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const next = await this.take();
      if (next === last) return next;
      last = next;
    }
    return last;
  }

  /** The tables written after fingerprint `from` (up to `to`), with row counts. */
  async written(from: number, to: number): Promise<string[]> {
    const rows = rowsOf<{ tbl: string; n: string | number }>(await this.db.execute(sql`SELECT tbl, count(*) AS n FROM fuzz_writes WHERE id > ${from} AND id <= ${to} GROUP BY tbl ORDER BY tbl`));
    return rows.map((r) => `${r.tbl} ×${r.n}`);
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';

// Migration 0012 moves the callbacks' cursor and ledger into the log consumers' tables: a server
// upgraded mid-delivery resumes where it was, neither skipping nor repeating events.
const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');
const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
const sqlOf = (tag: string) => fs.readFileSync(path.join(folder, `${tag}.sql`), 'utf8').replaceAll('--> statement-breakpoint', '');

describe('the log consumer migration', () => {
  const db = new PGlite();
  afterAll(() => db.close());

  it('keeps every app’s callback cursor and the events handed over past it', async () => {
    const tags = journal.entries.map((e) => e.tag);
    const target = tags.findIndex((t) => t.endsWith('_log_consumers'));
    expect(target).toBeGreaterThan(0);
    for (const tag of tags.slice(0, target)) await db.exec(sqlOf(tag));
    await db.exec(`
      INSERT INTO callback_settings (app_id, url, enabled, secret, cursor_event_id) VALUES (1, 'https://a.example/hook', true, 's', 40), (2, 'https://b.example/hook', false, 's', 7);
      INSERT INTO callback_dispatched (app_id, event_id) VALUES (1, 42), (1, 44);
    `);
    for (const tag of tags.slice(target)) await db.exec(sqlOf(tag));

    const cursors = await db.query('SELECT app_id, consumer, cursor_event_id FROM log_consumers ORDER BY app_id');
    expect(cursors.rows).toEqual([
      { app_id: 1, consumer: 'callbacks', cursor_event_id: 40 },
      { app_id: 2, consumer: 'callbacks', cursor_event_id: 7 },
    ]);
    const handled = await db.query('SELECT app_id, consumer, event_id FROM log_consumer_handled ORDER BY event_id');
    expect(handled.rows).toEqual([
      { app_id: 1, consumer: 'callbacks', event_id: 42 },
      { app_id: 1, consumer: 'callbacks', event_id: 44 },
    ]);
    const settings = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'callback_settings' AND column_name = 'cursor_event_id'`);
    expect(settings.rows).toEqual([]);
  }, 120_000); // every migration on a fresh embedded database: slow on a busy machine
});

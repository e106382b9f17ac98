import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/parley.mjs');
const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
  dirs.push(dir);
  return dir;
}

const parley = (args: string[], env: Record<string, string>) => run(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 });

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Each test runs the CLI as child processes (tsx startup); a loaded CI machine needs more than the default 30 s.
describe('parley CLI', { timeout: 120_000 }, () => {
  it('app create --json prints exactly the credentials on a data directory that was never served', async () => {
    const dir = dataDir();
    const { stdout } = await parley(['app', 'create', '--name', 'Acme', '--json'], { PARLEY_DATA_DIR: dir });
    const parsed = JSON.parse(stdout);
    expect(Object.keys(parsed)).toEqual(['sdkAppId', 'secretKey', 'adminIdentifier']);
    expect(Number.isInteger(parsed.sdkAppId)).toBe(true);
    expect(parsed.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.adminIdentifier).toBe('administrator');
    expect(stdout.trim()).toBe(JSON.stringify(parsed));
    const list = await parley(['app', 'list', '--json'], { PARLEY_DATA_DIR: dir });
    expect(JSON.parse(list.stdout).map((a: any) => a.sdkAppId)).toEqual([parsed.sdkAppId]);
  });

  it('goes through the running server that holds the data directory, and the new app works at once', async () => {
    const dir = dataDir();
    const server = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, DATABASE_URL: '', PARLEY_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' } });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk) => {
          out += chunk;
          const match = out.match(/running at (http:\/\/\S+)/);
          if (match && out.includes('Metrics')) resolve(match[1]);
        });
        server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
      const { stdout } = await parley(['app', 'create', '--name', 'Second', '--json'], { PARLEY_DATA_DIR: dir });
      const app = JSON.parse(stdout);
      const { default: TLSSigAPIv2 } = await import('tls-sig-api-v2');
      const sig = new TLSSigAPIv2.Api(app.sdkAppId, app.secretKey).genSig(app.adminIdentifier, 600);
      const res = await fetch(`${base}/v4/openim_console_http_svc/desc_faq_category?sdkappid=${app.sdkAppId}&identifier=${app.adminIdentifier}&usersig=${sig}&random=1&contenttype=json`, {
        method: 'POST',
        body: '{}',
      });
      expect((await res.json()).ActionStatus).toBe('OK');
      // Commands that cannot go through the server refuse instead of opening the database twice.
      await expect(parley(['migrate'], { PARLEY_DATA_DIR: dir })).rejects.toMatchObject({ stderr: expect.stringContaining('in use by process') });
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    // After the server is gone the directory is free again, and holds both apps.
    const list = await parley(['app', 'list', '--json'], { PARLEY_DATA_DIR: dir });
    expect(
      JSON.parse(list.stdout)
        .map((a: any) => a.name)
        .sort(),
    ).toEqual(['Demo', 'Second']);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db.ts';
import { startTestServer } from '../harness.ts';
import { Browser, createTeamApp } from './helpers.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/parley.mjs');
const dirs: string[] = [];
const parley = (args: string[], dir: string) => run(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: '', PARLEY_DATA_DIR: dir }, timeout: 120_000 });

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Child processes (tsx startup) need more than the default 30 s on a loaded machine.
describe('parley member add', { timeout: 120_000 }, () => {
  it('adds a super admin to an app on the data directory and prints a password that logs in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-member-'));
    dirs.push(dir);
    const app = JSON.parse((await parley(['app', 'create', '--name', 'Shop', '--json'], dir)).stdout);
    const { stdout } = await parley(['member', 'add', '--app', String(app.sdkAppId), '--email', 'Owner@Shop.test', '--nick', 'Owner', '--json'], dir);
    const added = JSON.parse(stdout);
    expect(added).toMatchObject({ memberId: 'owner@shop.test', email: 'owner@shop.test', nick: 'Owner', roles: ['super_admin'] });
    expect(added.password).toMatch(/^[A-Za-z0-9]{16}$/);

    await expect(parley(['member', 'add', '--app', String(app.sdkAppId), '--email', 'owner@shop.test', '--nick', 'Again'], dir)).rejects.toMatchObject({
      stderr: expect.stringContaining('owner@shop.test is already a member of this app'),
    });
    const database = await openDatabase({ dataDir: dir });
    const test = await startTestServer({ testDb: { database, drop: () => database.close() } });
    try {
      const login = await new Browser(test).login('owner@shop.test', added.password);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ member: { roles: ['super_admin'] }, app: { sdkAppId: app.sdkAppId, name: 'Shop' } });
    } finally {
      await test.close();
      await database.close().catch(() => {});
    }
  }, 300_000);

  it('goes through the control endpoint of a running server', async () => {
    const test = await startTestServer();
    try {
      const app = await createTeamApp(test, 'Controlled');
      const call = (body: unknown) =>
        fetch(`${test.baseUrl}/_control/apps/${app.sdkAppId}/members`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-parley-control': test.server.controlToken },
          body: JSON.stringify(body),
        });
      const response = await call({ email: 'ops@control.test', nick: 'Ops', roles: ['admin', 'staff'] });
      expect(response.status).toBe(200);
      const added = await response.json();
      expect(added).toMatchObject({ memberId: 'ops@control.test', roles: ['admin', 'staff'] });
      await new Browser(test).loginOk('ops@control.test', added.password);
      expect((await call({ email: 'ops@control.test', nick: 'Ops', roles: ['staff'] })).status).toBe(400);
      const refused = async (body: unknown, message: string) => {
        const answer = await call(body);
        expect(answer.status).toBe(400);
        expect((await answer.json()).error).toContain(message);
      };
      await refused({ email: 'bad', nick: 'Ops', roles: ['staff'] }, 'email must be an address');
      await refused({ email: 'x@control.test', nick: 'X', roles: ['super_admin', 'staff'] }, 'roles are super_admin alone');
      await refused({ email: 'x@control.test', nick: 'X', roles: [] }, 'roles are super_admin alone');
      await refused({ email: 'x@control.test', nick: 'X' }, 'usage: parley member add');
      expect(
        (
          await fetch(`${test.baseUrl}/_control/apps/1/members`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-parley-control': test.server.controlToken },
            body: JSON.stringify({ email: 'x@control.test', nick: 'X', roles: ['staff'] }),
          })
        ).status,
      ).toBe(400);
      const forged = await fetch(`${test.baseUrl}/_control/apps/${app.sdkAppId}/members`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(forged.status).toBe(403);
    } finally {
      await test.close();
    }
  }, 120_000);
});

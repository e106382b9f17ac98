import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, startTestServer, type TestServer } from '../harness.ts';
import { Browser, createTeamApp, type TeamApp } from './helpers.ts';

interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server on loopback that requires a login and keeps what it accepts. */
async function startMailbox(): Promise<{ url: string; mails: Received[]; close(): Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'parley' && auth.password === 's3cret') return callback(null, { user: 'parley' });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) return callback(new Error('Mailbox unavailable'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://parley:s3cret@127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Enough MIME for a single-part text mail: unfolded headers, encoded-word subject, base64 or quoted-printable body. */
function parseMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = new Map(
    head
      .replace(/\r\n[ \t]+/g, ' ')
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const),
  );
  const subject = (headers.get('subject') ?? '').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, kind: string, data: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
  const body = rest.join('\r\n\r\n');
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  return { subject, text };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

const passwordIn = (mail: Received) => mail.text.match(/Password: ([A-Za-z0-9]{16})/)![1];

describe('member mails over SMTP', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let test: TestServer;
  let app: TeamApp;

  beforeAll(async () => {
    mailbox = await startMailbox();
    test = await startTestServer({ config: { smtpUrl: mailbox.url, smtpFrom: 'Desk <desk@parley.test>', publicUrl: 'https://desk.parley.test' } });
    app = await createTeamApp(test, '旗舰店');
  });
  afterAll(async () => {
    await test?.close();
    await mailbox?.close();
  });

  it('mails the invitation with a password that logs in, and does not return it', async () => {
    const response = await app.admin.request('POST', '/team/members', { email: 'New.Agent@Mail.test', nick: '小美', roles: ['staff'] });
    expect(response.status).toBe(201);
    expect(response.body.emailed).toBe(true);
    expect(response.body).not.toHaveProperty('password');
    expect(mailbox.mails).toHaveLength(1);
    const [mail] = mailbox.mails;
    expect(mail.from).toBe('desk@parley.test');
    expect(mail.to).toEqual(['new.agent@mail.test']);
    expect(mail.subject).toContain('旗舰店');
    expect(mail.subject).toContain('Your customer-service account');
    expect(mail.text).toContain('小美，您好');
    expect(mail.text).toContain('登录账号：new.agent@mail.test');
    expect(mail.text).toContain('Log in at https://desk.parley.test/workbench');
    const password = passwordIn(mail);
    expect(mail.text).toContain(`随机密码：${password}`);
    const login = await new Browser(test).login('new.agent@mail.test', password);
    expect(login.status).toBe(200);
    expect(login.body.member.nick).toBe('小美');
  });

  it('mails a reset password; the old one stops working', async () => {
    await app.admin.request('POST', '/team/members', { email: 'resetme@mail.test', nick: 'Reset', roles: ['admin'] });
    const oldPassword = passwordIn(mailbox.mails.at(-1)!);
    expect(mailbox.mails.at(-1)!.text).toContain('Log in at https://desk.parley.test/console');
    const reset = await app.admin.request('POST', '/team/members/resetme@mail.test/reset-password');
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ emailed: true, member: { memberId: 'resetme@mail.test' } });
    expect(reset.body).not.toHaveProperty('password');
    const mail = mailbox.mails.at(-1)!;
    expect(mail.subject).toContain('Your password was reset');
    expect(mail.text).toContain('旧密码已失效');
    const newPassword = passwordIn(mail);
    expect(newPassword).not.toBe(oldPassword);
    expect((await new Browser(test).login('resetme@mail.test', oldPassword)).status).toBe(401);
    expect((await new Browser(test).login('resetme@mail.test', newPassword)).status).toBe(200);
  });

  it('saves nothing when the mail cannot be delivered', async () => {
    const sent = mailbox.mails.length;
    const response = await app.admin.request('POST', '/team/members', { email: 'bounce@mail.test', nick: 'Bounce', roles: ['staff'] });
    expect(response.status).toBe(502);
    expect(response.body.error.message).toContain('could not be sent');
    expect(response.body.error.message).toContain('nothing was changed');
    expect((await app.admin.request('GET', '/team/members/bounce@mail.test')).status).toBe(404);
    expect(mailbox.mails).toHaveLength(sent);
  });

  it('reports a refused SMTP login and keeps the old password when a reset mail fails', async () => {
    const brokenMail = await startTestServer({ config: { smtpUrl: mailbox.url.replace('s3cret', 'wrong') }, testDb: test.testDb });
    try {
      await app.admin.request('POST', '/team/members', { email: 'keeps@mail.test', nick: 'Keeps', roles: ['staff'] });
      const password = passwordIn(mailbox.mails.at(-1)!);
      const reset = await createApiClient(brokenMail, app.rest).request('POST', '/team/members/keeps@mail.test/reset-password');
      expect(reset.status).toBe(502);
      expect(reset.body.error.message).toContain('could not be sent');
      expect((await new Browser(test).login('keeps@mail.test', password)).status).toBe(200);
    } finally {
      await brokenMail.close();
    }
  });
});

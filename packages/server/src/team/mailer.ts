import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../platform/config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends member mails (invitations, password resets). Resolves once the SMTP server accepted the mail. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export class SmtpMailer implements Mailer {
  private transport: Transporter;

  constructor(
    url: string,
    private from: string,
  ) {
    // Bounded waits: an invitation is sent while the admin waits for the answer.
    this.transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transport.close();
  }
}

/** The configured mailer, or undefined without SMTP_URL (passwords are then shown to the admin once). */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): SmtpMailer | undefined {
  if (!config.smtpUrl) return undefined;
  let protocol: string;
  try {
    protocol = new URL(config.smtpUrl).protocol;
  } catch {
    throw new Error('SMTP_URL must be a URL like smtp://user:pass@host:587 or smtps://user:pass@host:465');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${protocol}//`);
  return new SmtpMailer(config.smtpUrl, config.smtpFrom);
}

export interface PasswordMailInput {
  kind: 'invitation' | 'reset';
  email: string;
  nick: string;
  appName: string;
  password: string;
  /** Where to log in; omitted when the server does not know its public address. */
  loginUrl?: string;
}

/** One bilingual mail (zh-CN, then en-US): the member's language is not known yet. */
export function passwordMail(input: PasswordMailInput): Mail {
  const { kind, email, nick, appName, password, loginUrl } = input;
  const zh = [
    `${nick}，您好：`,
    kind === 'invitation' ? `管理员已将您添加为「${appName}」的客服团队成员。` : `管理员已重置您在「${appName}」的登录密码，旧密码已失效。`,
    `登录账号：${email}`,
    `随机密码：${password}`,
    ...(loginUrl ? [`登录地址：${loginUrl}`] : []),
  ];
  const en = [
    `Hello ${nick},`,
    kind === 'invitation' ? `An administrator added you to the customer-service team of "${appName}".` : `An administrator reset your password for "${appName}". Your old password no longer works.`,
    `Account: ${email}`,
    `Password: ${password}`,
    ...(loginUrl ? [`Log in at ${loginUrl}`] : []),
  ];
  const subject = kind === 'invitation' ? `您的客服账号 / Your customer-service account - ${appName}` : `密码已重置 / Your password was reset - ${appName}`;
  return { to: email, subject, text: [...zh, '', '----', '', ...en, ''].join('\n') };
}

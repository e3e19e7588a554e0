/**
 * Invitations by e-mail, through the SMTP server of the alerts' settings (`alerts.email`): the same
 * host, port, TLS rules, login and sender; the receiver is the address the operator typed. The
 * password goes to nodemailer only; a failure is described by its SMTP code, never with the
 * credentials or the message (which holds the link).
 */
import nodemailer, { type Transporter } from 'nodemailer';

export interface InvitationMail {
  to: string;
  subject: string;
  text: string;
}

export interface InvitationMailer {
  send(mail: InvitationMail): Promise<void>;
  close(): Promise<void>;
}

/** The SMTP part of the alerts' e-mail settings. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  auth?: { user: string; password: string };
  from: string;
  timeoutMs: number;
}

export class SmtpInvitationMailer implements InvitationMailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: !settings.secure && settings.requireTLS,
      auth: settings.auth ? { user: settings.auth.user, pass: settings.auth.password } : undefined,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      // Never a log: it would carry the AUTH exchange and the link.
      logger: false,
      debug: false,
    });
  }

  async send(mail: InvitationMail): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      throw new Error(describeSmtpError(error));
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** nodemailer's error as code, command and the server's answer code; its message may quote the exchange. */
function describeSmtpError(error: unknown): string {
  const e = (error ?? {}) as { code?: string; command?: string; responseCode?: number };
  const parts = [e.code ? `SMTP ${e.code}` : 'SMTP'];
  if (e.command) parts.push(e.command.split(' ')[0]);
  if (e.responseCode) parts.push(String(e.responseCode));
  return parts.join(' ');
}

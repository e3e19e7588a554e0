/**
 * Mail through SMTP (nodemailer), for the alerts and the dashboard's invitations alike: TLS from the
 * first byte when `secure`, else STARTTLS, required unless `requireTLS: false` (a relay on a trusted
 * network). The password is given to nodemailer only, which never logs; a failure is described by
 * its SMTP code and command, never with the credentials or the message.
 */
import nodemailer, { type Transporter } from 'nodemailer';

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

export interface Mail {
  to: string | readonly string[];
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export class SmtpMailer {
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
      // nodemailer logs nothing unless asked; never ask (its debug log would carry the AUTH exchange).
      logger: false,
      debug: false,
    });
  }

  /** Sends one message; a failure is an Error saying why in SMTP terms. */
  async send(mail: Mail): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.settings.from, to: [...(typeof mail.to === 'string' ? [mail.to] : mail.to)], subject: mail.subject, text: mail.text, headers: mail.headers });
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
  const parts = [e.code === 'EAUTH' ? 'the server refused the user or password' : e.code === 'ETLS' ? 'STARTTLS is required but the server does not offer it (or the TLS handshake failed)' : undefined];
  if (!parts[0]) parts[0] = e.code ? `sending failed (${e.code})` : 'sending failed';
  if (e.command) parts.push(`at ${e.command.split(' ')[0]}`);
  if (e.responseCode) parts.push(`server answered ${e.responseCode}`);
  return parts.join(', ');
}

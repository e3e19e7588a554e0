/**
 * Alerts by e-mail through SMTP (nodemailer): one plain-text message per alert to every address in
 * `to`. TLS from the first byte when `secure`, else STARTTLS, required unless `requireTLS: false`
 * (a relay on a trusted network). The password is given to nodemailer only; a failure is described
 * by its SMTP code and command, never with the credentials.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { alertBody, alertSubject, type Alert, type AlertChannel } from './alert';
import type { EmailSettings } from './alert-settings';

export class EmailDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailDeliveryError';
  }
}

export class EmailChannel implements AlertChannel {
  readonly name: string;
  private readonly transport: Transporter;

  constructor(
    private readonly settings: EmailSettings,
    private readonly openErrorsAbove: number,
  ) {
    this.name = `email ${settings.host}:${settings.port}`;
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

  async send(alert: Alert): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: this.settings.to,
        subject: alertSubject(alert, this.settings.language, this.openErrorsAbove),
        text: alertBody(alert, this.settings.language, this.openErrorsAbove),
        headers: { 'X-Koppelwerk-Event': alert.event, 'X-Koppelwerk-Tenant': alert.tenant },
      });
    } catch (error) {
      throw new EmailDeliveryError(`${this.name}: ${describeSmtpError(error)}`);
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

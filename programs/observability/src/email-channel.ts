/**
 * Alerts by e-mail (smtp-mailer.ts): one plain-text message per alert to every address in `to`.
 */
import { alertBody, alertSubject, type Alert, type AlertChannel } from './alert';
import type { EmailSettings } from './alert-settings';
import { SmtpMailer } from './smtp-mailer';

export class EmailDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailDeliveryError';
  }
}

export class EmailChannel implements AlertChannel {
  readonly name: string;
  private readonly mailer: SmtpMailer;

  constructor(
    private readonly settings: EmailSettings,
    private readonly openErrorsAbove: number,
  ) {
    this.name = `email ${settings.host}:${settings.port}`;
    this.mailer = new SmtpMailer(settings);
  }

  async send(alert: Alert): Promise<void> {
    try {
      await this.mailer.send({
        to: this.settings.to,
        subject: alertSubject(alert, this.settings.language, this.openErrorsAbove),
        text: alertBody(alert, this.settings.language, this.openErrorsAbove),
        headers: { 'X-Koppelwerk-Event': alert.event, 'X-Koppelwerk-Tenant': alert.tenant },
      });
    } catch (error) {
      throw new EmailDeliveryError(`${this.name}: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.mailer.close();
  }
}

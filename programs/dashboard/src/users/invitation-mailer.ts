/**
 * Invitations by e-mail: what the dashboard asks of a mailer. `koppelwerk serve` gives it the SMTP
 * mailer of the alerts' settings (`alerts.email`, @koppelwerk/observability's SmtpMailer): the same
 * host, port, TLS rules, login and sender; the receiver is the address the operator typed.
 */

export interface InvitationMail {
  to: string;
  subject: string;
  text: string;
}

export interface InvitationMailer {
  send(mail: InvitationMail): Promise<void>;
  close(): Promise<void>;
}

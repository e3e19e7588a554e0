/**
 * One alert: what changed for a tenant, as the webhook's JSON body carries it, and as an e-mail
 * tells it to a person (Dutch by default, English on request; times in Europe/Amsterdam).
 */
import { renderHint, renderMessage, type MessageParams } from '@koppelwerk/core';
import { amsterdamTime, registerBuiltInMessages } from '@koppelwerk/runtime';

// The built-in connectors' texts, for a red dot's reason in the e-mail's language.
registerBuiltInMessages();

export type AlertEvent = 'dot-red' | 'dot-green' | 'errors-above' | 'errors-below';

/** The webhook's body, exactly. */
export interface Alert {
  tenant: string;
  event: AlertEvent;
  /** Which dot, for `dot-red` and `dot-green`. */
  side?: 'source' | 'sink';
  /** Why the dot is red (already redacted). */
  reason?: string;
  /** What to do about it. */
  hint?: string;
  /** The reason and hint by their catalogue code and params (the e-mail words them in its language). */
  code?: string;
  params?: MessageParams;
  /** The tenant's open errors when this was noticed. */
  openErrors?: number;
  /** ISO instant. */
  at: string;
}

/** Anything that can deliver an alert; throws (with a message safe to log) when it could not. */
export interface AlertChannel {
  /** Short and free of secrets, e.g. `webhook https://hooks.example.nl` or `email smtp.example.nl`. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
  close?(): Promise<void>;
}

type Language = 'nl' | 'en';

const SIDE: Record<Language, Record<'source' | 'sink', string>> = {
  nl: { source: 'de bron (webwinkel of facturatie)', sink: 'de boekhouding' },
  en: { source: 'the source (shop or invoicing)', sink: 'the bookkeeping' },
};

export function alertSubject(alert: Alert, language: Language, openErrorsAbove: number): string {
  const side = alert.side ? SIDE[language][alert.side] : '';
  const errors = alert.openErrors ?? 0;
  const nl: Record<AlertEvent, string> = {
    'dot-red': `verbinding met ${side} is rood`,
    'dot-green': `verbinding met ${side} is weer groen`,
    'errors-above': `${errors} ${errors === 1 ? 'document wacht' : 'documenten wachten'} in Fouten (meer dan ${openErrorsAbove})`,
    'errors-below': `open fouten weer ${errors === 0 ? 'opgelost' : `op ${errors}`} (niet meer dan ${openErrorsAbove})`,
  };
  const en: Record<AlertEvent, string> = {
    'dot-red': `the connection to ${side} is red`,
    'dot-green': `the connection to ${side} is green again`,
    'errors-above': `${errors} ${errors === 1 ? 'document waits' : 'documents wait'} in the errors tab (more than ${openErrorsAbove})`,
    'errors-below': `open errors ${errors === 0 ? 'resolved' : `down to ${errors}`} (no more than ${openErrorsAbove})`,
  };
  return `Koppelwerk ${alert.tenant}: ${(language === 'nl' ? nl : en)[alert.event]}`;
}

export function alertBody(alert: Alert, language: Language, openErrorsAbove: number): string {
  const labels =
    language === 'nl'
      ? { tenant: 'Klant', reason: 'Reden', hint: 'Wat te doen', errors: 'Open fouten', at: 'Gezien op', redo: 'Open het dashboard of `koppelwerk errors` om de documenten opnieuw te verwerken.' }
      : { tenant: 'Tenant', reason: 'Reason', hint: 'What to do', errors: 'Open errors', at: 'Noticed at', redo: 'Open the dashboard or `koppelwerk errors` to process the documents again.' };
  const lines = [alertSubject(alert, language, openErrorsAbove), '', `${labels.tenant}: ${alert.tenant}`];
  if (alert.reason) lines.push(`${labels.reason}: ${renderMessage(alert.code, alert.params, language, alert.reason).text}`);
  const hint = alert.reason ? renderHint(alert.code, alert.params, language, alert.hint)?.text : alert.hint;
  if (hint) lines.push(`${labels.hint}: ${hint}`);
  if (alert.openErrors !== undefined) lines.push(`${labels.errors}: ${alert.openErrors}`);
  lines.push(`${labels.at}: ${amsterdamTime(alert.at)} (Europe/Amsterdam)`);
  if (alert.event === 'errors-above') lines.push('', labels.redo);
  return `${lines.join('\n')}\n`;
}

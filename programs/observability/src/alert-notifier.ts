/**
 * Tells people when a tenant's state changes: a dot turns red (and green again), the open errors
 * rise above the threshold (and fall back to it or under). It is told each tenant's state after
 * every run and check (`observe`) and notifies once per change, on every channel.
 *
 * Per channel it remembers what it told last (AlertMemory), and only a delivered alert is
 * remembered: a receiver that is down gets the alert on the next observation instead of never.
 * A failed delivery is logged (the channel's name, never its URL or password) and never thrown
 * into the run that observed.
 *
 * At process start (nothing told yet for a tenant): a red dot or open errors above the threshold
 * are told, since nobody may know yet; a green dot or errors under the threshold are only
 * remembered, so a healthy tenant gives no "green again" without having been red. With a
 * FileAlertMemory (the daemon keeps one beside the tenants' state) what was told survives a
 * restart, so a restart repeats nothing; with the in-process memory a tenant that is still red
 * is told once more after a restart (a repeat rather than a silence).
 *
 * A dot that was never checked (grey) changes nothing.
 */
import { Redactor, describeError, type Logger } from '@koppelwerk/core';
import type { DotState } from '@koppelwerk/runtime';
import type { Alert, AlertChannel, AlertEvent } from './alert';
import { InProcessAlertMemory, type AlertMemory, type Remembered } from './alert-memory';
import type { AlertSettings } from './alert-settings';
import { EmailChannel } from './email-channel';
import { WebhookChannel } from './webhook-channel';
import type { MessageParams } from '@koppelwerk/core';

export interface DotDetail {
  /** Why the dot is red (already redacted). */
  reason?: string;
  /** What to do about it. */
  hint?: string;
  /** The reason and hint by their catalogue code and params, for an e-mail in Dutch. */
  code?: string;
  params?: MessageParams;
}

/** A tenant's state as seen after a run or a check. */
export interface ObservedState {
  sourceDot: DotState;
  sinkDot: DotState;
  openErrors: number;
  source?: DotDetail;
  sink?: DotDetail;
}

export interface AlertNotifierOptions {
  channels: AlertChannel[];
  /** Alert when a tenant has more open errors than this. */
  openErrorsAbove: number;
  logger: Logger;
  memory?: AlertMemory;
  /** Hides secrets in what is logged about failed deliveries; it should know the settings' secrets. */
  redactor?: Redactor;
  now?: () => Date;
}

interface Change {
  aspect: keyof Remembered;
  value: 'red' | 'green' | 'above' | 'below';
  /** Undefined: only remembered, nothing to tell. */
  event?: AlertEvent;
}

export class AlertNotifier {
  private readonly memory: AlertMemory;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly redactor: Redactor;

  constructor(private readonly options: AlertNotifierOptions) {
    this.memory = options.memory ?? new InProcessAlertMemory();
    this.redactor = options.redactor ?? new Redactor();
  }

  /** The notifier of these settings: a webhook and/or e-mail channel. */
  static fromSettings(settings: AlertSettings, context: { logger: Logger; memory?: AlertMemory; redactor?: Redactor; now?: () => Date; sleep?: (ms: number) => Promise<void> }): AlertNotifier {
    const channels: AlertChannel[] = [];
    if (settings.webhook) channels.push(new WebhookChannel(settings.webhook, { sleep: context.sleep }));
    if (settings.email) channels.push(new EmailChannel(settings.email, settings.openErrorsAbove));
    const redactor = context.redactor ?? new Redactor();
    redactor.add(settings.secrets);
    return new AlertNotifier({ channels, openErrorsAbove: settings.openErrorsAbove, logger: context.logger, memory: context.memory, redactor, now: context.now });
  }

  get channelNames(): string[] {
    return this.options.channels.map((channel) => channel.name);
  }

  /**
   * Compares the tenant's state with what each channel told last and sends what changed. Resolves
   * when every delivery for it has been tried; never rejects. Observations of one tenant are
   * handled in order.
   */
  observe(tenant: string, state: ObservedState): Promise<void> {
    const previous = this.queues.get(tenant) ?? Promise.resolve();
    const next = previous.then(() => this.handle(tenant, state)).catch((error: unknown) => {
      this.options.logger.error('alerts: could not handle an observation', { tenant, error: this.redactor.redactText(describeError(error)) });
    });
    this.queues.set(tenant, next);
    void next.finally(() => {
      if (this.queues.get(tenant) === next) this.queues.delete(tenant);
    });
    return next;
  }

  /** Resolves when every observation handed in so far has been handled. */
  async settled(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  async close(): Promise<void> {
    await this.settled();
    await Promise.all(this.options.channels.map((channel) => channel.close?.().catch(() => undefined)));
  }

  private async handle(tenant: string, state: ObservedState): Promise<void> {
    const at = (this.options.now?.() ?? new Date()).toISOString();
    await Promise.all(this.options.channels.map((channel) => this.tell(channel, tenant, state, at)));
  }

  private async tell(channel: AlertChannel, tenant: string, state: ObservedState, at: string): Promise<void> {
    const told = (await this.memory.get(channel.name, tenant)) ?? {};
    const remembered: Remembered = { ...told };
    let changed = false;
    for (const change of changes(told, state, this.options.openErrorsAbove)) {
      if (change.event) {
        const alert = this.alert(tenant, change, state, at);
        try {
          await channel.send(alert);
          this.options.logger.info(`alert sent: ${alert.event}`, { tenant, channel: channel.name, event: alert.event, side: alert.side });
        } catch (error) {
          // Not remembered: the next observation tries again.
          this.options.logger.error(`alert not delivered: ${alert.event}; it is tried again after the next run or check`, {
            tenant,
            channel: channel.name,
            event: alert.event,
            side: alert.side,
            error: this.redactor.redactText(describeError(error)),
          });
          continue;
        }
      }
      (remembered as Record<string, string>)[change.aspect] = change.value;
      changed = true;
    }
    if (changed) await this.memory.set(channel.name, tenant, remembered);
  }

  private alert(tenant: string, change: Change, state: ObservedState, at: string): Alert {
    const alert: Alert = { tenant, event: change.event!, openErrors: state.openErrors, at };
    if (change.aspect === 'source' || change.aspect === 'sink') {
      alert.side = change.aspect;
      const detail = change.event === 'dot-red' ? state[change.aspect] : undefined;
      if (detail?.reason) alert.reason = detail.reason;
      if (detail?.hint) alert.hint = detail.hint;
      if (detail?.code !== undefined) alert.code = detail.code;
      if (detail?.params) alert.params = detail.params;
    }
    return alert;
  }
}

/** What differs from what was told: per dot and for the errors, the new value and the event to send (if any). */
export function changes(told: Remembered, state: ObservedState, openErrorsAbove: number): Change[] {
  const found: Change[] = [];
  for (const side of ['source', 'sink'] as const) {
    const dot = side === 'source' ? state.sourceDot : state.sinkDot;
    if (dot === 'grey' || dot === told[side]) continue;
    if (dot === 'red') found.push({ aspect: side, value: 'red', event: 'dot-red' });
    else found.push({ aspect: side, value: 'green', event: told[side] === 'red' ? 'dot-green' : undefined });
  }
  const level = state.openErrors > openErrorsAbove ? 'above' : 'below';
  if (level !== told.errors) {
    if (level === 'above') found.push({ aspect: 'errors', value: 'above', event: 'errors-above' });
    else found.push({ aspect: 'errors', value: 'below', event: told.errors === 'above' ? 'errors-below' : undefined });
  }
  return found;
}

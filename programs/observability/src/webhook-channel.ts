/**
 * Alerts as a webhook: a POST of the alert as JSON (`{ tenant, event, side?, reason?, hint?,
 * openErrors?, at }`). Each attempt is bounded by the timeout; a network error, a timeout, a 429
 * or a 5xx is tried again (`retries` times, 1 s, then 2 s, ... apart); any other answer than 2xx
 * fails at once. The URL often carries a token, so it never appears in a message: the channel is
 * named by the receiver's origin only (`webhook https://hooks.example.nl`).
 */
import { systemErrorCode } from '@koppelwerk/core';
import type { Alert, AlertChannel } from './alert';
import type { WebhookSettings } from './alert-settings';

export interface WebhookChannelOptions {
  /** Waits between attempts (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WebhookDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

export class WebhookChannel implements AlertChannel {
  readonly name: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly options: WebhookChannelOptions = {},
  ) {
    this.name = `webhook ${new URL(settings.url).origin}`;
    this.sleep = options.sleep ?? wait;
  }

  async send(alert: Alert): Promise<void> {
    const attempts = this.settings.retries + 1;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outcome = await this.attempt(alert);
      if (outcome.ok) return;
      last = outcome.problem;
      if (!outcome.retry) break;
      if (attempt < attempts) await this.sleep(1000 * attempt);
    }
    throw new WebhookDeliveryError(`${this.name}: ${last}`);
  }

  private async attempt(alert: Alert): Promise<{ ok: true } | { ok: false; retry: boolean; problem: string }> {
    try {
      const response = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': this.options.userAgent ?? 'koppelwerk-alerts' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'error',
      });
      // The receiver's answer is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retry = response.status === 429 || response.status >= 500;
      return { ok: false, retry, problem: `the receiver answered HTTP ${response.status}${retry ? '' : ' (not tried again)'}` };
    } catch (error) {
      return { ok: false, retry: true, problem: describeFetchError(error, this.settings.timeoutMs) };
    }
  }
}

/** A fetch failure in words, without the URL (undici's messages do not carry it, but a cause might). */
function describeFetchError(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = systemErrorCode(error) ?? systemErrorCode((error as { cause?: unknown } | null)?.cause);
  return code ? `could not reach the receiver (${code})` : 'could not reach the receiver';
}

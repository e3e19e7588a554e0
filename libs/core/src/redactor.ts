/**
 * Value-based secret redaction: every known secret string is replaced wherever it appears, in a
 * message, a URL's query string, a nested log field or an error. Safer than key-based redaction,
 * because tokens travel in URLs and upstream error texts too.
 */
export const REDACTED = '***';

/** Keys whose values are always hidden, whatever the schema says. */
const SENSITIVE_KEY = /^(password|passwd|secret|token|apikey|api_key|partner_token|software_token|securitycode\d?|sessionid|authorization|cookie)$/i;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(secrets: Iterable<string> = []) {
    this.add(secrets);
  }

  /** Adds secrets learnt later (a session id, a token from a login). Short strings are ignored. */
  add(secrets: Iterable<string>): this {
    for (const value of secrets) {
      if (typeof value === 'string' && value.length >= 4) {
        this.secrets.add(value);
        // Also the forms a secret takes on the wire.
        this.secrets.add(encodeURIComponent(value));
        this.secrets.add(Buffer.from(value).toString('base64'));
      }
    }
    this.pattern = null;
    return this;
  }

  get size(): number {
    return this.secrets.size;
  }

  redactText(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text;
    if (!this.pattern) {
      const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, REDACTED);
  }

  /** A redacted deep copy of any value (objects, arrays, errors); cycles are cut. */
  redact<T>(value: T): T {
    return this.redactValue(value, new WeakSet()) as T;
  }

  private redactValue(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[circular]';
    // Values that say how they serialise (Decimal, Date) are redacted in that form.
    if (!(value instanceof Error) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return this.redactValue((value as { toJSON(): unknown }).toJSON(), seen);
    }
    seen.add(value);
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { type: value.name, message: this.redactText(value.message) };
      if (value.stack) copy.stack = this.redactText(value.stack);
      for (const [key, item] of Object.entries(value)) {
        copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : this.redactValue(item, seen);
      }
      if (value.cause !== undefined) copy.cause = this.redactValue(value.cause, seen);
      return copy;
    }
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SENSITIVE_KEY.test(key) && typeof item === 'string' && item ? REDACTED : this.redactValue(item, seen);
    }
    return copy;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

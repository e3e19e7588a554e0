/**
 * The optional second factor: TOTP (RFC 6238) through the `otpauth` library, as the authenticator
 * apps know it: SHA-1, 6 digits, 30 seconds, a 20-byte secret in base32. A code is accepted one
 * step early or late (clocks drift); a code that was used once is refused for the rest of its time
 * (in this process), so a code seen over someone's shoulder does not log in a second time.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = 'Koppelwerk';
const PERIOD = 30;
const DIGITS = 6;

function totp(secret: string, userName: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: userName, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** A new random secret (20 bytes), in base32 as the apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/...` link an app takes the secret from. */
export function totpUri(secret: string, userName: string): string {
  return totp(secret, userName).toString();
}

/** What a person typed as a code: its digits, or undefined when it is no 6-digit code. */
export function typedCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** Checks codes, remembering which time step each user used last. */
export class TotpCodes {
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether the code is right for the secret now, and not used before by this user. */
  verify(userName: string, secret: string, code: string): boolean {
    const timestamp = this.now();
    const delta = totp(secret, userName).validate({ token: code, timestamp, window: 1 });
    if (delta === null) return false;
    const step = TOTP.counter({ period: PERIOD, timestamp }) + delta;
    const key = userName.toLowerCase();
    if ((this.used.get(key) ?? -1) >= step) return false;
    if (this.used.size > 10_000) this.used.clear();
    this.used.set(key, step);
    return true;
  }
}

/** The codes used in this process: the set-up's confirming code does not log in again, nor a login's code twice. */
export const usedTotpCodes = new TotpCodes();

/**
 * Exact decimal numbers for money, quantities and rates. Never binary floating point:
 * a value is an integer (bigint) of units of 10^-scale. Parsing is exact, arithmetic is exact,
 * and rounding happens only where a caller asks for it, with a stated rule.
 */
export type RoundingMode = 'half-away-from-zero' | 'half-even';

const POWERS_OF_TEN: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
function pow10(exponent: number): bigint {
  return exponent < POWERS_OF_TEN.length ? POWERS_OF_TEN[exponent] : 10n ** BigInt(exponent);
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;
const COMMA_PATTERN = /^([+-])?(\d+)(?:,(\d+))?$/;

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);
  static readonly HUNDRED = new Decimal(100n, 0);

  private constructor(
    /** The value times 10^scale. */
    readonly units: bigint,
    /** Number of digits after the decimal point. */
    readonly scale: number,
  ) {}

  /** Parses `1234.56`, `-0.5`, `12`. No grouping, no exponent. Throws on anything else. */
  static parse(text: string): Decimal {
    const result = Decimal.tryParse(text);
    if (!result) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    return result;
  }

  /** Like parse, but returns undefined instead of throwing. Accepts a decimal comma when `allowComma`. */
  static tryParse(text: string, options: { allowComma?: boolean } = {}): Decimal | undefined {
    if (typeof text !== 'string') return undefined;
    const trimmed = text.trim();
    const match = DECIMAL_PATTERN.exec(trimmed) ?? (options.allowComma ? COMMA_PATTERN.exec(trimmed) : null);
    if (!match) return undefined;
    const [, sign, whole, fraction = ''] = match;
    const units = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
    return new Decimal(units, fraction.length);
  }

  /**
   * From a JSON number as an API sent it. The shortest round-trip text of the double is taken as the
   * intended decimal (`19.99` stays 19.99), which is what the API's author wrote.
   */
  static fromNumber(value: number): Decimal {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    const text = String(value);
    if (/e/i.test(text)) {
      // Tiny or huge values: fall back to a fixed representation with enough digits.
      return Decimal.parse(value.toFixed(20).replace(/0+$/, '').replace(/\.$/, ''));
    }
    return Decimal.parse(text);
  }

  static fromUnits(units: bigint, scale: number): Decimal {
    if (scale < 0 || !Number.isInteger(scale)) throw new RangeError(`invalid scale ${scale}`);
    return new Decimal(units, scale);
  }

  static of(value: Decimal | string | number | bigint): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') return Decimal.fromNumber(value);
    return Decimal.parse(value);
  }

  static sum(values: Iterable<Decimal>): Decimal {
    let total = Decimal.ZERO;
    for (const value of values) total = total.plus(value);
    return total;
  }

  private rescaled(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }

  plus(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescaled(scale) + other.rescaled(scale), scale);
  }

  minus(other: Decimal): Decimal {
    return this.plus(other.negated());
  }

  times(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  /** Division, rounded to `scale` digits with the given rule. */
  dividedBy(other: Decimal, scale: number, mode: RoundingMode = 'half-away-from-zero'): Decimal {
    if (other.units === 0n) throw new RangeError('division by zero');
    // (a / 10^sa) / (b / 10^sb) = a * 10^(sb - sa) / b; scale the numerator so the quotient has `scale` digits.
    const exponent = scale + other.scale - this.scale;
    let numerator = this.units;
    let denominator = other.units;
    if (exponent >= 0) numerator *= pow10(exponent);
    else denominator *= pow10(-exponent);
    return new Decimal(divideRounded(numerator, denominator, mode), scale);
  }

  negated(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.negated() : this;
  }

  /** Rounds to `scale` digits after the point. */
  round(scale: number, mode: RoundingMode = 'half-away-from-zero'): Decimal {
    if (scale >= this.scale) return new Decimal(this.rescaled(scale), scale);
    const divisor = pow10(this.scale - scale);
    return new Decimal(divideRounded(this.units, divisor, mode), scale);
  }

  compare(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescaled(scale);
    const b = other.rescaled(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Fixed notation with exactly `digits` decimals (rounded if needed): `1234.50`. No grouping. */
  toFixed(digits: number): string {
    const rounded = this.round(digits);
    const negative = rounded.units < 0n;
    const text = (negative ? -rounded.units : rounded.units).toString().padStart(digits + 1, '0');
    const whole = text.slice(0, text.length - digits);
    const fraction = digits > 0 ? '.' + text.slice(text.length - digits) : '';
    return (negative ? '-' : '') + whole + fraction;
  }

  /** Shortest exact text: trailing zeros after the point removed. */
  toString(): string {
    let units = this.units;
    let scale = this.scale;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return new Decimal(units, scale).toFixed(scale);
  }

  /** For display and for APIs that insist on a double; never use the result for further arithmetic. */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}

function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const direction = numerator < 0n ? -1n : 1n;
  if (twiceRemainder > denominator) return quotient + direction;
  if (twiceRemainder < denominator) return quotient;
  // Exactly half.
  if (mode === 'half-even') return quotient % 2n === 0n ? quotient : quotient + direction;
  return quotient + direction;
}

/** Shorthand: `dec('19.99')`. */
export function dec(value: Decimal | string | number | bigint): Decimal {
  return Decimal.of(value);
}

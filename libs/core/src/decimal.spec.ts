import { Decimal, dec } from './decimal';

describe('Decimal', () => {
  it('parses API strings exactly, without binary floating point', () => {
    expect(dec('0.1').plus(dec('0.2')).toString()).toBe('0.3');
    expect(dec('19.99').times(dec('3')).toFixed(2)).toBe('59.97');
    expect(dec('-12.500').toString()).toBe('-12.5');
  });

  it('takes a JSON number as the decimal the API wrote', () => {
    expect(Decimal.fromNumber(19.99).toFixed(2)).toBe('19.99');
    expect(Decimal.fromNumber(1e-7).toString()).toBe('0.0000001');
  });

  it('refuses grouping, exponents and garbage', () => {
    for (const bad of ['1,234.56', '1e5', 'abc', '', '12.', '.5', '--1']) {
      expect(Decimal.tryParse(bad)).toBeUndefined();
    }
    expect(() => Decimal.parse('1.234,56')).toThrow(/not a decimal number/);
  });

  it('accepts a decimal comma only when asked', () => {
    expect(Decimal.tryParse('12,50')).toBeUndefined();
    expect(Decimal.tryParse('12,50', { allowComma: true })?.toString()).toBe('12.5');
  });

  it('rounds half away from zero by default, half-even on request', () => {
    expect(dec('2.345').round(2).toString()).toBe('2.35');
    expect(dec('-2.345').round(2).toString()).toBe('-2.35');
    expect(dec('2.345').round(2, 'half-even').toString()).toBe('2.34');
    expect(dec('2.355').round(2, 'half-even').toString()).toBe('2.36');
  });

  it('divides with a stated scale and rule', () => {
    expect(dec('121').dividedBy(dec('1.21'), 2).toString()).toBe('100');
    expect(dec('10').dividedBy(dec('3'), 4).toString()).toBe('3.3333');
    expect(dec('-1').dividedBy(dec('8'), 2).toString()).toBe('-0.13');
    expect(() => dec('1').dividedBy(Decimal.ZERO, 2)).toThrow(/division by zero/);
  });

  it('formats for the wire with a dot and no grouping', () => {
    expect(dec('1234567.891').toFixed(2)).toBe('1234567.89');
    expect(dec('-0.004').toFixed(2)).toBe('0.00');
    expect(dec('5').toFixed(2)).toBe('5.00');
  });

  it('compares across scales', () => {
    expect(dec('1.50').equals(dec('1.5'))).toBe(true);
    expect(dec('1.49').compare(dec('1.5'))).toBe(-1);
    expect(Decimal.sum([dec('1.1'), dec('2.25'), dec('-0.35')]).toString()).toBe('3');
  });
});

import { Decimal } from '@koppelwerk/core';
import { decodeJson, encodeJson } from './json-codec';

describe('encodeJson / decodeJson', () => {
  it('keeps decimals exact, with their scale, and sorts keys', () => {
    const text = encodeJson({ b: Decimal.parse('12.10'), a: [Decimal.parse('-0.005')], c: undefined });
    expect(text).toBe('{"a":[{"$decimal":"-0.005"}],"b":{"$decimal":"12.10"}}');
    const back = decodeJson<{ a: Decimal[]; b: Decimal }>(text);
    expect(back.b).toBeInstanceOf(Decimal);
    expect(back.b.toFixed(2)).toBe('12.10');
    expect(back.a[0].equals(Decimal.parse('-0.005'))).toBe(true);
  });
});

/**
 * The simulator's side of the wire: records written in schema order with required elements
 * filled, and requests checked the way a strict .NET service reads them (elements in sequence,
 * required elements present, nothing unknown), so a client that gets the order wrong finds out here.
 */
import { soapFieldsOf } from '@koppelwerk/core';
import { soapRequestProblem } from '@koppelwerk/testing';
import { EBOEKHOUDEN_CONTRACT } from '../soap/wsdl/soap-contract';

type Raw = Record<string, unknown>;

const DEFAULTS: Record<string, unknown> = { long: 0, decimal: '0', double: '0', boolean: false, dateTime: '0001-01-01T00:00:00' };

/** A record with exactly the type's elements, in order; missing required elements get the .NET default. */
export function wireRecord(typeName: string, raw: Raw): Raw {
  const result: Raw = {};
  for (const field of soapFieldsOf(EBOEKHOUDEN_CONTRACT, typeName)) {
    const value = raw[field.name];
    if (value === undefined || value === null) {
      if (field.required) result[field.name] = DEFAULTS[field.type] ?? '';
      continue;
    }
    result[field.name] = value;
  }
  return result;
}

/** The items of an array element as node-soap parsed the request (`{ cX: [...] }`, `{ cX: {...} }`, '' or absent). */
export function wireList<T>(container: unknown, item: string): T[] {
  if (!container || typeof container !== 'object') return [];
  const value = (container as Raw)[item];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined) as T[];
}

/** Why a request would not deserialize in the real (strict .NET) service, or null when it is well-formed. */
export function requestProblem(operation: string, args: unknown): string | null {
  return soapRequestProblem(EBOEKHOUDEN_CONTRACT, operation, args);
}

/**
 * The simulator's side of the wire: records written in schema order with required elements
 * filled, and requests checked the way a strict .NET service reads them (elements in sequence,
 * required elements present, nothing unknown), so a client that gets the order wrong finds out here.
 */
import { COMPLEX_TYPES, fieldsOf, operationContract, parseField, type FieldSpec } from '../wsdl/soap-contract';

type Raw = Record<string, unknown>;

const DEFAULTS: Record<string, unknown> = { long: 0, decimal: '0', double: '0', boolean: false, dateTime: '0001-01-01T00:00:00' };

/** A record with exactly the type's elements, in order; missing required elements get the .NET default. */
export function wireRecord(typeName: string, raw: Raw): Raw {
  const result: Raw = {};
  for (const field of fieldsOf(typeName)) {
    const value = raw[field.name];
    if (value === undefined || value === null) {
      if (field.required) result[field.name] = DEFAULTS[field.type] ?? '';
      continue;
    }
    result[field.name] = value;
  }
  return result;
}

const IGNORED_KEYS = new Set(['attributes', '$value', '$xml']);

function arrayItemType(typeName: string): string | null {
  if (!typeName.startsWith('ArrayOf')) return null;
  const item = typeName.slice('ArrayOf'.length);
  return item.charAt(0).toLowerCase() + item.slice(1);
}

function checkSequence(value: unknown, fields: FieldSpec[], path: string): string | null {
  if (value === null || value === undefined || typeof value !== 'object') {
    const required = fields.find((f) => f.required);
    return required ? `${path}: required element ${required.name} is missing` : null;
  }
  const record = value as Raw;
  let previous = -1;
  for (const key of Object.keys(record)) {
    if (IGNORED_KEYS.has(key)) continue;
    const index = fields.findIndex((f) => f.name === key);
    if (index < 0) return `${path}: unexpected element ${key}`;
    if (index < previous) return `${path}: element ${key} is out of order (expected after ${fields[previous].name}... see the WSDL sequence)`;
    previous = index;
    const problem = checkValue(record[key], fields[index].type, `${path}/${key}`);
    if (problem) return problem;
  }
  for (const field of fields) {
    if (field.required && !(field.name in record)) return `${path}: required element ${field.name} is missing`;
  }
  return null;
}

function checkValue(value: unknown, typeName: string, path: string): string | null {
  const item = arrayItemType(typeName);
  if (item) {
    if (value === null || typeof value !== 'object') return null;
    const items = (value as Raw)[item];
    const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
    for (const [index, entry] of list.entries()) {
      const problem = checkSequence(entry, fieldsOf(item), `${path}/${item}[${index + 1}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (COMPLEX_TYPES[typeName]) return checkSequence(value, fieldsOf(typeName), path);
  return null;
}

/** Why a request would not deserialize, or null when it is well-formed. */
export function requestProblem(operation: string, args: unknown): string | null {
  return checkSequence(args ?? {}, operationContract(operation).request.map(parseField), operation);
}

/**
 * SOAP 1.1 document/literal messages straight from the contract table, without a SOAP library:
 * the request envelope is written in schema order (arrays given as arrays or wrapped in their item
 * element), and the answer is read back into plain records, typed by the contract (long and int as
 * numbers, booleans as booleans, decimals, doubles and dates as the exact text on the wire, arrays
 * as arrays also when one item or none came). A SOAP fault is read into its code and reason.
 *
 * What the contract refuses (an element the type does not have, a missing required element) is a
 * programming error and throws. A character XML cannot carry at all (a control character other
 * than tab and line breaks, half a surrogate pair) is refused with a RecordError that names the
 * element, or left out when the caller chooses `unwritableCharacters: 'remove'`.
 */
import { RecordError } from '../errors';
import { CORE_MESSAGES } from '../messages/core-messages';
import { wordedBy } from '../messages/worded';
import { parseSoapField, soapAction, soapArrayItem, soapOperation, type SoapContract, type SoapFieldSpec } from './soap-contract';
import { isXmlNil, readXml, xmlChild, type XmlElement } from './xml-reader';

export const SOAP11_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const NUMBER_TYPES = new Set(['int', 'long']);
const worded = wordedBy(CORE_MESSAGES);

/** Parsed field lists per contract and type (or operation request): the hot path parses nothing. */
const parsedFields = new WeakMap<SoapContract, Map<string, SoapFieldSpec[]>>();

function fields(contract: SoapContract, key: string, specs: () => readonly string[] | undefined): SoapFieldSpec[] | undefined {
  let byKey = parsedFields.get(contract);
  if (!byKey) parsedFields.set(contract, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) {
    const raw = specs();
    if (!raw) return undefined;
    found = raw.map(parseSoapField);
    byKey.set(key, found);
  }
  return found;
}

/** The item element of an `ArrayOfX` type (null for other types), looked up once per contract. */
const arrayItems = new WeakMap<SoapContract, Map<string, string | null>>();
function arrayItem(contract: SoapContract, typeName: string): string | null {
  let byType = arrayItems.get(contract);
  if (!byType) arrayItems.set(contract, (byType = new Map()));
  let item = byType.get(typeName);
  if (item === undefined) byType.set(typeName, (item = soapArrayItem(contract, typeName)));
  return item;
}

const typeFields = (contract: SoapContract, typeName: string) => fields(contract, typeName, () => contract.types[typeName]);
const requestFields = (contract: SoapContract, operation: string) =>
  fields(contract, `${operation}()`, () => soapOperation(contract, operation).request) as SoapFieldSpec[];

// Writing

// Characters XML 1.0 cannot carry at all, escaped or not (lone surrogates included).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'g');
const ESCAPED = /[&<>\r]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

export interface SoapWriteOptions {
  /** What to do with a character XML cannot carry: refuse the value (default) or leave the character out. */
  unwritableCharacters?: 'refuse' | 'remove';
}

function textOf(path: string, value: unknown, options: SoapWriteOptions): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype && typeof value.toString === 'function') text = value.toString();
  else throw new Error(`${path} is a simple element; got ${Array.isArray(value) ? 'an array' : typeof value}`);
  const bad = NOT_XML.exec(text);
  if (bad && options.unwritableCharacters === 'remove') {
    text = text.replace(NOT_XML_ALL, '');
  } else if (bad) {
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const field = path.split('.').pop() as string;
    throw new RecordError(...worded('SOAP_CHARACTER', { field, character: code, position: bad.index + 1 }, { field }));
  }
  return text.replace(ESCAPED, (c) => ESCAPES[c]);
}

function writeElement(contract: SoapContract, path: string, field: SoapFieldSpec, value: unknown, options: SoapWriteOptions): string {
  const name = field.name;
  const item = arrayItem(contract, field.type);
  if (item) {
    const wrapped = !Array.isArray(value) && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[item] : value;
    const entries = wrapped === undefined || wrapped === null ? [] : Array.isArray(wrapped) ? wrapped : [wrapped];
    const itemField: SoapFieldSpec = { name: item, type: item, required: false, nillable: true };
    let xml = `<${name}>`;
    for (let i = 0; i < entries.length; i++) xml += writeElement(contract, `${path}[${i}]`, itemField, entries[i], options);
    return `${xml}</${name}>`;
  }
  const complex = typeFields(contract, field.type);
  if (complex) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path} is a ${field.type}; got ${Array.isArray(value) ? 'an array' : typeof value}`);
    return `<${name}>${writeFields(contract, path, complex, value as Record<string, unknown>, options)}</${name}>`;
  }
  return `<${name}>${textOf(path, value, options)}</${name}>`;
}

function writeFields(contract: SoapContract, path: string, specs: SoapFieldSpec[], record: Record<string, unknown>, options: SoapWriteOptions): string {
  for (const key in record) {
    if (record[key] !== undefined && !specs.some((field) => field.name === key)) throw new Error(`${path} has no element ${key}`);
  }
  let xml = '';
  for (const field of specs) {
    const value = record[field.name];
    if (value === undefined || value === null) {
      if (value === null && field.nillable) xml += `<${field.name} xsi:nil="true" />`;
      else if (field.required) throw new Error(`${path}.${field.name} is required on the wire`);
      continue;
    }
    xml += writeElement(contract, `${path}.${field.name}`, field, value, options);
  }
  return xml;
}

/** The SOAP 1.1 envelope of a request, as the service reads it. */
export function writeSoapEnvelope(contract: SoapContract, operation: string, values: Record<string, unknown>, options: SoapWriteOptions = {}): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_ENVELOPE_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}"><soap:Body>` +
    `<${operation} xmlns="${contract.namespace}">${writeFields(contract, operation, requestFields(contract, operation), values, options)}</${operation}>` +
    '</soap:Body></soap:Envelope>'
  );
}

/** The SOAPAction header value of an operation (SOAP 1.1 wants it quoted). */
export function soapActionHeader(contract: SoapContract, operation: string): string {
  return `"${soapAction(contract, operation)}"`;
}

// Reading

export interface SoapFault {
  faultcode: string;
  faultstring: string;
}

export type SoapAnswer = { result: Record<string, unknown> } | { fault: SoapFault };

function readValue(contract: SoapContract, typeName: string, element: XmlElement): unknown {
  if (isXmlNil(element)) return null;
  const item = arrayItem(contract, typeName);
  if (item) return element.children.filter((child) => child.local === item).map((child) => readValue(contract, item, child));
  const complex = typeFields(contract, typeName);
  if (complex) return readRecord(contract, complex, element);
  if (element.children.length) return readRecord(contract, [], element);
  if (NUMBER_TYPES.has(typeName)) return element.text.trim() === '' ? '' : Number(element.text);
  if (typeName === 'boolean') return element.text.trim() === 'true' || element.text.trim() === '1';
  return element.text;
}

function readRecord(contract: SoapContract, specs: SoapFieldSpec[], element: XmlElement): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const child of element.children) {
    const field = specs.find((candidate) => candidate.name === child.local);
    // An element the contract does not know is kept, untyped.
    record[child.local] = readValue(contract, field ? field.type : 'string', child);
  }
  return record;
}

/**
 * Reads an answer envelope: the `<Op>Result` as a plain record ({} when the operation has no
 * result), or the SOAP fault. Throws XmlReadError on text that is not XML, and an Error when the
 * envelope has no body or no `<Op>Response`.
 */
export function readSoapAnswer(contract: SoapContract, operation: string, xml: string): SoapAnswer {
  const envelope = readXml(xml);
  const body = envelope.local === 'Envelope' ? xmlChild(envelope, 'Body') : undefined;
  if (!body) throw new Error(`the answer to ${operation} is not a SOAP envelope`);
  const fault = xmlChild(body, 'Fault');
  if (fault) {
    // SOAP 1.1: faultcode and faultstring; SOAP 1.2: Code/Value and Reason/Text.
    const code = xmlChild(fault, 'faultcode')?.text ?? xmlChild(xmlChild(fault, 'Code'), 'Value')?.text ?? '';
    const reason = xmlChild(fault, 'faultstring')?.text ?? xmlChild(xmlChild(fault, 'Reason'), 'Text')?.text ?? '';
    return { fault: { faultcode: code.trim(), faultstring: reason.trim() } };
  }
  const response = xmlChild(body, `${operation}Response`);
  if (!response) throw new Error(`the answer to ${operation} has no ${operation}Response`);
  const resultType = soapOperation(contract, operation).result;
  const result = xmlChild(response, `${operation}Result`);
  if (!resultType || !result) return { result: {} };
  const value = readValue(contract, resultType, result);
  return { result: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {} };
}

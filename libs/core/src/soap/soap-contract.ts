/**
 * A SOAP service's contract as data: complex types with their elements in schema order, arrays,
 * enums and operations. From one table come the WSDL a simulator serves and a client parses, the
 * request objects in the order the service reads them, and plain records (arrays as arrays) back
 * from what node-soap parses. Pure string and object work: no SOAP library is needed here.
 *
 * Field notation: `Name` is an optional string; `Name:type` names the type (an XSD type, a complex
 * type, an `ArrayOfCX` or an enum of the contract); a trailing `!` means minOccurs=1; `~` marks a
 * nillable element; type `any` has no type attribute.
 */
export interface SoapOperationContract {
  name: string;
  /** Children of the request element, in order. */
  request: readonly string[];
  /** The type of `<Op>Result` inside `<Op>Response`; null: the response is empty. */
  result: string | null;
}

export interface SoapContract {
  /** Target namespace; SOAPAction is `<namespace>/<Op>`. */
  namespace: string;
  service: string;
  /** The SOAP 1.1 port (and binding) name. */
  port: string;
  /** A SOAP 1.2 port with the same operations, when the service has one. */
  soap12Port?: string;
  /** The address the WSDL states (clients post to their configured endpoint instead). */
  address: string;
  types: Readonly<Record<string, readonly string[]>>;
  /** `ArrayOfCX` wraps repeated `cX` elements. */
  arrays?: readonly string[];
  enums?: Readonly<Record<string, readonly string[]>>;
  operations: readonly SoapOperationContract[];
}

export interface SoapFieldSpec {
  name: string;
  type: string;
  required: boolean;
  nillable: boolean;
}

const XSD_TYPES = new Set(['string', 'int', 'long', 'decimal', 'double', 'boolean', 'date', 'dateTime']);
const PARSER_KEYS = new Set(['attributes', '$value', '$xml']);

export function parseSoapField(spec: string): SoapFieldSpec {
  const match = /^([A-Za-z0-9_]+)(?::([A-Za-z0-9_]+))?(!)?(~)?$/.exec(spec);
  if (!match) throw new Error(`bad SOAP field spec ${spec}`);
  return { name: match[1], type: match[2] ?? 'string', required: match[3] === '!', nillable: match[4] === '~' };
}

export function soapArrayTypeName(item: string): string {
  return 'ArrayOf' + item.charAt(0).toUpperCase() + item.slice(1);
}

/** The item type of an `ArrayOfCX` of the contract, or null. */
export function soapArrayItem(contract: SoapContract, typeName: string): string | null {
  return contract.arrays?.find((item) => soapArrayTypeName(item) === typeName) ?? null;
}

/** The elements of a complex type, parsed. */
export function soapFieldsOf(contract: SoapContract, typeName: string): SoapFieldSpec[] {
  const fields = contract.types[typeName];
  if (!fields) throw new Error(`the SOAP contract has no complex type ${typeName}`);
  return fields.map(parseSoapField);
}

export function soapOperation(contract: SoapContract, name: string): SoapOperationContract {
  const operation = contract.operations.find((op) => op.name === name);
  if (!operation) throw new Error(`the SOAP contract has no operation ${name}`);
  return operation;
}

export function soapAction(contract: SoapContract, operation: string): string {
  return `${contract.namespace.replace(/\/$/, '')}/${operation}`;
}

/**
 * A plain record (arrays as arrays) as node-soap must be given it: elements in schema order,
 * arrays wrapped in their item element, unset optional elements left out. A missing required
 * element or an element the type does not have is a programming error, so it throws.
 */
export function toSoapWire(contract: SoapContract, typeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const item = soapArrayItem(contract, typeName);
  if (item) return { [item]: (Array.isArray(value) ? value : [value]).map((entry) => toSoapWire(contract, item, entry)) };
  if (!contract.types[typeName]) return value;
  return wireRecord(contract, typeName, soapFieldsOf(contract, typeName), value as Record<string, unknown>);
}

/** The children of an operation's request element, in order (see toSoapWire). */
export function toSoapRequest(contract: SoapContract, operation: string, values: Record<string, unknown>): Record<string, unknown> {
  return wireRecord(contract, operation, soapOperation(contract, operation).request.map(parseSoapField), values);
}

/** The `<Op>Result` of what node-soap answered, as a plain record (see fromSoapWire); {} for an empty response. */
export function fromSoapResult(contract: SoapContract, operation: string, response: unknown): Record<string, unknown> {
  const result = soapOperation(contract, operation).result;
  const value = (response as Record<string, unknown> | null | undefined)?.[`${operation}Result`];
  return result ? (fromSoapWire(contract, result, value) as Record<string, unknown>) : {};
}

function wireRecord(contract: SoapContract, typeName: string, fields: SoapFieldSpec[], record: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined && !fields.some((field) => field.name === key)) throw new Error(`${typeName} has no element ${key}`);
  }
  const wire: Record<string, unknown> = {};
  for (const field of fields) {
    const fieldValue = record[field.name];
    if (fieldValue === undefined || fieldValue === null) {
      if (field.required) throw new Error(`${typeName}.${field.name} is required on the wire`);
      continue;
    }
    wire[field.name] = toSoapWire(contract, field.type, fieldValue);
  }
  return wire;
}

/**
 * What node-soap parsed, as a plain record: arrays as arrays (also when one item or none came),
 * empty elements as '' and node-soap's own keys left out. Elements the contract does not know are
 * kept as they came.
 */
export function fromSoapWire(contract: SoapContract, typeName: string, value: unknown): unknown {
  const item = soapArrayItem(contract, typeName);
  if (item) {
    const entries = value && typeof value === 'object' ? (value as Record<string, unknown>)[item] : undefined;
    if (entries === undefined || entries === null) return [];
    return (Array.isArray(entries) ? entries : [entries]).map((entry) => fromSoapWire(contract, item, entry));
  }
  if (!contract.types[typeName]) {
    if (value && typeof value === 'object' && !Array.isArray(value)) return (value as Record<string, unknown>).$value ?? '';
    return value;
  }
  if (!value || typeof value !== 'object') return {};
  const fields = soapFieldsOf(contract, typeName);
  const record: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    if (PARSER_KEYS.has(key)) continue;
    const field = fields.find((candidate) => candidate.name === key);
    record[key] = field ? fromSoapWire(contract, field.type, fieldValue) : fieldValue;
  }
  return record;
}

/** node-soap's `customDeserializer`: decimals, doubles and dates stay the text on the wire (exact, no Date objects). */
export const SOAP_KEEP_AS_TEXT = Object.freeze({
  decimal: (value: string) => value,
  double: (value: string) => value,
  date: (value: string) => value,
  dateTime: (value: string) => value,
});

/** The WSDL of the contract: document/literal, `elementFormDefault="qualified"`, a SOAP 1.1 port and optionally a SOAP 1.2 port. */
export function renderSoapWsdl(contract: SoapContract): string {
  const ns = contract.namespace;
  const element = (field: SoapFieldSpec, indent: string) => {
    const type = field.type === 'any' ? '' : ` type="${XSD_TYPES.has(field.type) ? 's:' : 'tns:'}${field.type}"`;
    return `${indent}<s:element minOccurs="${field.required ? 1 : 0}" maxOccurs="1" name="${field.name}"${field.nillable ? ' nillable="true"' : ''}${type} />`;
  };
  const sequence = (fields: SoapFieldSpec[], indent: string) => [`${indent}<s:sequence>`, ...fields.map((f) => element(f, indent + '  ')), `${indent}</s:sequence>`];
  const wrapper = (name: string, fields: SoapFieldSpec[]) =>
    fields.length === 0
      ? [`      <s:element name="${name}">`, '        <s:complexType />', '      </s:element>']
      : [`      <s:element name="${name}">`, '        <s:complexType>', ...sequence(fields, '          '), '        </s:complexType>', '      </s:element>'];
  const schema: string[] = [];
  for (const op of contract.operations) {
    schema.push(...wrapper(op.name, op.request.map(parseSoapField)));
    schema.push(...wrapper(`${op.name}Response`, op.result ? [parseSoapField(`${op.name}Result:${op.result}`)] : []));
  }
  for (const [name, fields] of Object.entries(contract.types)) {
    schema.push(`      <s:complexType name="${name}">`, ...sequence(fields.map(parseSoapField), '        '), '      </s:complexType>');
  }
  for (const item of contract.arrays ?? []) {
    schema.push(
      `      <s:complexType name="${soapArrayTypeName(item)}">`,
      '        <s:sequence>',
      `          <s:element minOccurs="0" maxOccurs="unbounded" name="${item}" nillable="true" type="tns:${item}" />`,
      '        </s:sequence>',
      '      </s:complexType>',
    );
  }
  for (const [name, values] of Object.entries(contract.enums ?? {})) {
    schema.push(`      <s:simpleType name="${name}">`, '        <s:restriction base="s:string">', ...values.map((v) => `          <s:enumeration value="${v}" />`), '        </s:restriction>', '      </s:simpleType>');
  }
  const messages = contract.operations.flatMap((op) => [
    `  <wsdl:message name="${op.name}SoapIn">`, `    <wsdl:part name="parameters" element="tns:${op.name}" />`, '  </wsdl:message>',
    `  <wsdl:message name="${op.name}SoapOut">`, `    <wsdl:part name="parameters" element="tns:${op.name}Response" />`, '  </wsdl:message>',
  ]);
  const portType = [
    `  <wsdl:portType name="${contract.port}">`,
    ...contract.operations.flatMap((op) => [
      `    <wsdl:operation name="${op.name}">`, `      <wsdl:input message="tns:${op.name}SoapIn" />`, `      <wsdl:output message="tns:${op.name}SoapOut" />`, '    </wsdl:operation>',
    ]),
    '  </wsdl:portType>',
  ];
  const ports: [string, 'soap' | 'soap12'][] = [[contract.port, 'soap']];
  if (contract.soap12Port) ports.push([contract.soap12Port, 'soap12']);
  const bindings = ports.flatMap(([name, prefix]) => [
    `  <wsdl:binding name="${name}" type="tns:${contract.port}">`,
    `    <${prefix}:binding transport="http://schemas.xmlsoap.org/soap/http" />`,
    ...contract.operations.flatMap((op) => [
      `    <wsdl:operation name="${op.name}">`,
      `      <${prefix}:operation soapAction="${soapAction(contract, op.name)}" style="document" />`,
      '      <wsdl:input>', `        <${prefix}:body use="literal" />`, '      </wsdl:input>',
      '      <wsdl:output>', `        <${prefix}:body use="literal" />`, '      </wsdl:output>',
      '    </wsdl:operation>',
    ]),
    '  </wsdl:binding>',
  ]);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"' +
      ' xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"' +
      ` xmlns:tns="${ns}" targetNamespace="${ns}">`,
    '  <wsdl:types>',
    `    <s:schema elementFormDefault="qualified" targetNamespace="${ns}">`,
    ...schema,
    '    </s:schema>',
    '  </wsdl:types>',
    ...messages,
    ...portType,
    ...bindings,
    `  <wsdl:service name="${contract.service}">`,
    ...ports.flatMap(([name, prefix]) => [`    <wsdl:port name="${name}" binding="tns:${name}">`, `      <${prefix}:address location="${contract.address}" />`, '    </wsdl:port>']),
    '  </wsdl:service>',
    '</wsdl:definitions>',
    '',
  ].join('\n');
}

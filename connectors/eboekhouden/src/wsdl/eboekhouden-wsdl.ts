/**
 * Our WSDL for the e-Boekhouden SOAP service, rendered from the contract: document/literal,
 * `elementFormDefault="qualified"`, a SOAP 1.1 and a SOAP 1.2 port, SOAPAction
 * `http://www.e-boekhouden.nl/soap/<Operation>`. It is a TypeScript string so it ships in the build.
 */
import {
  ARRAY_ITEMS,
  COMPLEX_TYPES,
  ENUMS,
  OPERATIONS,
  SOAP12_PORT,
  SOAP_NAMESPACE,
  SOAP_PORT,
  SOAP_SERVICE,
  WSDL_STATED_ADDRESS,
  arrayTypeName,
  fieldsOf,
  parseField,
  type FieldSpec,
} from './soap-contract';

const BUILTIN = new Set(['string', 'long', 'decimal', 'double', 'boolean', 'dateTime']);

function elementXml(field: FieldSpec, indent: string): string {
  const type = field.type === 'any' ? '' : ` type="${BUILTIN.has(field.type) ? 's:' : 'tns:'}${field.type}"`;
  const nillable = field.nillable ? ' nillable="true"' : '';
  return `${indent}<s:element minOccurs="${field.required ? 1 : 0}" maxOccurs="1" name="${field.name}"${nillable}${type} />`;
}

function sequenceXml(fields: FieldSpec[], indent: string): string {
  return [`${indent}<s:sequence>`, ...fields.map((f) => elementXml(f, indent + '  ')), `${indent}</s:sequence>`].join('\n');
}

function complexTypeXml(name: string, fields: FieldSpec[]): string {
  return [`      <s:complexType name="${name}">`, sequenceXml(fields, '        '), '      </s:complexType>'].join('\n');
}

function wrapperElementXml(name: string, fields: FieldSpec[]): string {
  if (fields.length === 0) return `      <s:element name="${name}">\n        <s:complexType />\n      </s:element>`;
  return [`      <s:element name="${name}">`, '        <s:complexType>', sequenceXml(fields, '          '), '        </s:complexType>', '      </s:element>'].join('\n');
}

function arrayTypeXml(item: string): string {
  return [
    `      <s:complexType name="${arrayTypeName(item)}">`,
    '        <s:sequence>',
    `          <s:element minOccurs="0" maxOccurs="unbounded" name="${item}" nillable="true" type="tns:${item}" />`,
    '        </s:sequence>',
    '      </s:complexType>',
  ].join('\n');
}

function enumXml(name: string, values: readonly string[]): string {
  return [
    `      <s:simpleType name="${name}">`,
    '        <s:restriction base="s:string">',
    ...values.map((v) => `          <s:enumeration value="${v}" />`),
    '        </s:restriction>',
    '      </s:simpleType>',
  ].join('\n');
}

function schemaXml(): string {
  const parts: string[] = [];
  for (const op of OPERATIONS) {
    parts.push(wrapperElementXml(op.name, op.request.map(parseField)));
    const response = op.resultType ? [parseField(`${op.name}Result:${op.resultType}`)] : [];
    parts.push(wrapperElementXml(`${op.name}Response`, response));
  }
  const resultTypes = new Set(OPERATIONS.filter((op) => op.payload).map((op) => op.resultType as string));
  for (const name of resultTypes) parts.push(complexTypeXml(name, fieldsOf(name)));
  for (const [name, fields] of Object.entries(COMPLEX_TYPES)) parts.push(complexTypeXml(name, fields.map(parseField)));
  for (const item of ARRAY_ITEMS) parts.push(arrayTypeXml(item));
  for (const [name, values] of Object.entries(ENUMS)) parts.push(enumXml(name, values));
  return parts.join('\n');
}

function messagesXml(): string {
  return OPERATIONS.flatMap((op) => [
    `  <wsdl:message name="${op.name}SoapIn">\n    <wsdl:part name="parameters" element="tns:${op.name}" />\n  </wsdl:message>`,
    `  <wsdl:message name="${op.name}SoapOut">\n    <wsdl:part name="parameters" element="tns:${op.name}Response" />\n  </wsdl:message>`,
  ]).join('\n');
}

function portTypeXml(): string {
  const operations = OPERATIONS.map(
    (op) =>
      `    <wsdl:operation name="${op.name}">\n      <wsdl:input message="tns:${op.name}SoapIn" />\n      <wsdl:output message="tns:${op.name}SoapOut" />\n    </wsdl:operation>`,
  );
  return [`  <wsdl:portType name="${SOAP_PORT}">`, ...operations, '  </wsdl:portType>'].join('\n');
}

function bindingXml(name: string, prefix: 'soap' | 'soap12'): string {
  const operations = OPERATIONS.map((op) =>
    [
      `    <wsdl:operation name="${op.name}">`,
      `      <${prefix}:operation soapAction="${SOAP_NAMESPACE}/${op.name}" style="document" />`,
      `      <wsdl:input>\n        <${prefix}:body use="literal" />\n      </wsdl:input>`,
      `      <wsdl:output>\n        <${prefix}:body use="literal" />\n      </wsdl:output>`,
      '    </wsdl:operation>',
    ].join('\n'),
  );
  return [
    `  <wsdl:binding name="${name}" type="tns:${SOAP_PORT}">`,
    `    <${prefix}:binding transport="http://schemas.xmlsoap.org/soap/http" />`,
    ...operations,
    '  </wsdl:binding>',
  ].join('\n');
}

function renderWsdl(): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"' +
      ' xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"' +
      ` xmlns:tns="${SOAP_NAMESPACE}" targetNamespace="${SOAP_NAMESPACE}">`,
    '  <wsdl:types>',
    `    <s:schema elementFormDefault="qualified" targetNamespace="${SOAP_NAMESPACE}">`,
    schemaXml(),
    '    </s:schema>',
    '  </wsdl:types>',
    messagesXml(),
    portTypeXml(),
    bindingXml(SOAP_PORT, 'soap'),
    bindingXml(SOAP12_PORT, 'soap12'),
    `  <wsdl:service name="${SOAP_SERVICE}">`,
    `    <wsdl:port name="${SOAP_PORT}" binding="tns:${SOAP_PORT}">\n      <soap:address location="${WSDL_STATED_ADDRESS}" />\n    </wsdl:port>`,
    `    <wsdl:port name="${SOAP12_PORT}" binding="tns:${SOAP12_PORT}">\n      <soap12:address location="${WSDL_STATED_ADDRESS}" />\n    </wsdl:port>`,
    '  </wsdl:service>',
    '</wsdl:definitions>',
    '',
  ].join('\n');
}

/** The WSDL text, served by the simulator at `/soap.asmx?wsdl` and parsed by the sink's client. */
export const EBOEKHOUDEN_WSDL: string = renderWsdl();

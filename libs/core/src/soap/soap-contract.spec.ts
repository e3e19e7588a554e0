import { Redactor } from '../redactor';
import { fromSoapResult, fromSoapWire, renderSoapWsdl, soapCallError, toSoapRequest, toSoapWire, type SoapContract } from './index';

const contract: SoapContract = {
  namespace: 'https://soap.example/v1',
  service: 'ShopService',
  port: 'ShopSoap',
  address: 'https://soap.example/soap',
  types: {
    cAuth: ['Username', 'ApiKey'],
    cLine: ['description', 'amount:decimal!'],
    cOrder: ['id:long!', 'number', 'lines:ArrayOfCLine'],
    cGetOrdersResult: ['Orders:ArrayOfCOrder', 'HasMore:boolean!'],
  },
  arrays: ['cOrder', 'cLine'],
  operations: [{ name: 'GetOrders', request: ['Auth:cAuth!', 'Limit:int'], result: 'cGetOrdersResult' }],
};

describe('the SOAP contract table', () => {
  it('writes requests in schema order with arrays wrapped, and refuses what the schema does not have', () => {
    const request = toSoapRequest(contract, 'GetOrders', { Limit: 5, Auth: { ApiKey: 'k', Username: 'u' } });
    expect(JSON.stringify(request)).toBe('{"Auth":{"Username":"u","ApiKey":"k"},"Limit":5}');
    expect(toSoapWire(contract, 'cOrder', { number: 'F1', id: 1, lines: [{ amount: '1.00' }] })).toEqual({ id: 1, number: 'F1', lines: { cLine: [{ amount: '1.00' }] } });
    expect(() => toSoapWire(contract, 'cOrder', { id: 1, colour: 'red' })).toThrow('cOrder has no element colour');
    expect(() => toSoapWire(contract, 'cOrder', { number: 'F1' })).toThrow('cOrder.id is required on the wire');
  });

  it('reads answers back as plain records: one item or none is still a list', () => {
    const one = fromSoapResult(contract, 'GetOrders', { GetOrdersResult: { Orders: { cOrder: { id: 7, lines: { cLine: { amount: '2.50' } } } }, HasMore: false } });
    expect(one).toEqual({ Orders: [{ id: 7, lines: [{ amount: '2.50' }] }], HasMore: false });
    expect(fromSoapWire(contract, 'cGetOrdersResult', { Orders: '', attributes: {} })).toEqual({ Orders: [] });
  });

  it('renders a document/literal WSDL with every type, array and operation', () => {
    const wsdl = renderSoapWsdl(contract);
    expect(wsdl).toContain('<s:element minOccurs="1" maxOccurs="1" name="amount" type="s:decimal" />');
    expect(wsdl).toContain('<s:complexType name="ArrayOfCLine">');
    expect(wsdl).toContain('<soap:operation soapAction="https://soap.example/v1/GetOrders" style="document" />');
    expect(wsdl).toContain('<soap:address location="https://soap.example/soap" />');
    expect(wsdl).not.toContain('soap12:binding');
  });
});

describe('soapCallError', () => {
  const wording = { what: 'Shop GetOrders', refused: 'Shop refused the key', credentialsHint: 'new key', redactor: new Redactor(['s3cret-key']) };
  const fault = (faultcode: string, status = 500) => ({
    isAxiosError: true,
    response: { status, headers: {}, data: '<xml/>' },
    root: { Envelope: { Body: { Fault: { faultcode, faultstring: 'bad s3cret-key' } } } },
  });

  it('refuses on a client fault, retries a server fault, and never repeats a secret', () => {
    const client = soapCallError(fault('soap:Client'), wording);
    expect(client).toMatchObject({ errorClass: 'rejected', code: 'SOAP_FAULT_CLIENT' });
    expect(client.message).not.toContain('s3cret-key');
    expect(soapCallError(fault('soap:Server'), wording)).toMatchObject({ errorClass: 'transient', code: 'SOAP_FAULT_SERVER' });
  });

  it('treats 429, refused credentials and no answer as a failed HTTP call', () => {
    expect(soapCallError(fault('soap:Server', 429), wording)).toMatchObject({ errorClass: 'transient', code: 'HTTP_429' });
    expect(soapCallError({ isAxiosError: true, response: { status: 401, headers: {} } }, wording)).toMatchObject({ errorClass: 'authentication' });
    expect(soapCallError({ isAxiosError: true, code: 'ECONNREFUSED' }, wording)).toMatchObject({ errorClass: 'transient' });
  });
});

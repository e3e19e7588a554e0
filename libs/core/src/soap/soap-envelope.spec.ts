import { RecordError } from '../errors';
import { readSoapAnswer, soapActionHeader, writeSoapEnvelope } from './soap-envelope';
import type { SoapContract } from './soap-contract';
import { readXml, xmlChild } from './xml-reader';

const contract: SoapContract = {
  namespace: 'https://soap.example/v1',
  service: 'ShopService',
  port: 'ShopSoap',
  address: 'https://soap.example/soap',
  types: {
    cAuth: ['Username', 'ApiKey'],
    cLine: ['description', 'amount:decimal!'],
    cOrder: ['id:long!', 'number', 'paid:boolean!', 'due:dateTime~', 'lines:ArrayOfCLine'],
    cGetOrdersResult: ['Orders:ArrayOfCOrder', 'HasMore:boolean!'],
  },
  arrays: ['cOrder', 'cLine'],
  operations: [
    { name: 'GetOrders', request: ['Auth:cAuth!', 'Limit:int'], result: 'cGetOrdersResult' },
    { name: 'AddOrder', request: ['Auth:cAuth!', 'Order:cOrder!'], result: null },
  ],
};

const answer = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe('writeSoapEnvelope', () => {
  it('writes the request in schema order, qualified in the namespace, arrays given either way, nil where nillable', () => {
    const xml = writeSoapEnvelope(contract, 'AddOrder', {
      Order: { lines: { cLine: [{ amount: '1.00', description: 'A & <B>' }] }, paid: false, number: 'F1', id: 7, due: null },
      Auth: { ApiKey: 'k', Username: 'u' },
    });
    expect(xml).toContain(
      '<AddOrder xmlns="https://soap.example/v1"><Auth><Username>u</Username><ApiKey>k</ApiKey></Auth>' +
        '<Order><id>7</id><number>F1</number><paid>false</paid><due xsi:nil="true" /><lines><cLine><description>A &amp; &lt;B&gt;</description><amount>1.00</amount></cLine></lines></Order></AddOrder>',
    );
    const plainArray = writeSoapEnvelope(contract, 'AddOrder', { Auth: {}, Order: { id: 1, paid: true, lines: [{ amount: '2.50' }, { amount: '3' }] } });
    expect(plainArray).toContain('<lines><cLine><amount>2.50</amount></cLine><cLine><amount>3</amount></cLine></lines>');
    // It is well-formed XML that reads back to the same text.
    const order = xmlChild(xmlChild(xmlChild(readXml(xml), 'Body'), 'AddOrder'), 'Order');
    expect(xmlChild(xmlChild(xmlChild(order, 'lines'), 'cLine'), 'description')?.text).toBe('A & <B>');
    expect(soapActionHeader(contract, 'AddOrder')).toBe('"https://soap.example/v1/AddOrder"');
  });

  it('refuses what the contract does not have, and a missing required element', () => {
    expect(() => writeSoapEnvelope(contract, 'AddOrder', { Auth: {}, Order: { id: 1, paid: true, colour: 'red' } })).toThrow('AddOrder.Order has no element colour');
    expect(() => writeSoapEnvelope(contract, 'AddOrder', { Auth: {}, Order: { id: 1 } })).toThrow('AddOrder.Order.paid is required on the wire');
    expect(() => writeSoapEnvelope(contract, 'Nope', {})).toThrow('no operation Nope');
  });

  it('refuses a character XML cannot carry with a record error that names the element', () => {
    const write = () => writeSoapEnvelope(contract, 'AddOrder', { Auth: {}, Order: { id: 1, paid: true, number: 'F\u00011' } });
    expect(write).toThrow(RecordError);
    expect(write).toThrow('number contains a character XML cannot carry (U+0001 at position 2)');
    expect(() => writeSoapEnvelope(contract, 'AddOrder', { Auth: {}, Order: { id: 1, paid: true, number: 'F\uD8001' } })).toThrow('U+D800');
  });

  it('or leaves such characters out when asked to, keeping tabs, line breaks and whole surrogate pairs', () => {
    const xml = writeSoapEnvelope(contract, 'AddOrder', { Auth: {}, Order: { id: 1, paid: true, number: 'F\u00011\u001b\t\n\uD800-\uD83D\uDE00' } }, { unwritableCharacters: 'remove' });
    expect(xml).toContain('<number>F1\t\n-\uD83D\uDE00</number>');
  });
});

describe('readSoapAnswer', () => {
  it('reads the result typed by the contract: arrays as arrays (one item or none), numbers, booleans, exact decimals, nil', () => {
    const one = readSoapAnswer(
      contract,
      'GetOrders',
      answer(
        '<GetOrdersResponse xmlns="https://soap.example/v1"><GetOrdersResult><Orders><cOrder><id>7</id><number>F1</number><paid>true</paid>' +
          '<due xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" /><lines><cLine><amount>0.10</amount></cLine></lines><extra>kept</extra></cOrder></Orders>' +
          '<HasMore>false</HasMore></GetOrdersResult></GetOrdersResponse>',
      ),
    );
    expect(one).toEqual({ result: { Orders: [{ id: 7, number: 'F1', paid: true, due: null, lines: [{ amount: '0.10' }], extra: 'kept' }], HasMore: false } });
    const none = readSoapAnswer(contract, 'GetOrders', answer('<GetOrdersResponse xmlns="https://soap.example/v1"><GetOrdersResult><Orders /></GetOrdersResult></GetOrdersResponse>'));
    expect(none).toEqual({ result: { Orders: [] } });
    expect(readSoapAnswer(contract, 'AddOrder', answer('<AddOrderResponse xmlns="https://soap.example/v1" />'))).toEqual({ result: {} });
  });

  it('reads SOAP 1.1 and 1.2 faults', () => {
    expect(readSoapAnswer(contract, 'GetOrders', answer('<soap:Fault><faultcode>soap:Client</faultcode><faultstring> Bad request </faultstring></soap:Fault>'))).toEqual({
      fault: { faultcode: 'soap:Client', faultstring: 'Bad request' },
    });
    expect(readSoapAnswer(contract, 'GetOrders', answer('<env:Fault xmlns:env="e"><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text>Down</env:Text></env:Reason></env:Fault>'))).toEqual({
      fault: { faultcode: 'env:Receiver', faultstring: 'Down' },
    });
  });

  it('throws on an answer that is not a SOAP envelope or not this operation\'s response', () => {
    expect(() => readSoapAnswer(contract, 'GetOrders', '<html><body>Runtime Error</body></html>')).toThrow('not a SOAP envelope');
    expect(() => readSoapAnswer(contract, 'GetOrders', answer('<AddOrderResponse />'))).toThrow('has no GetOrdersResponse');
    expect(() => readSoapAnswer(contract, 'GetOrders', answer('<GetOrdersResponse>').slice(0, 60))).toThrow();
  });
});

import { fromSoapResult, renderSoapWsdl, SOAP_KEEP_AS_TEXT, toSoapRequest, type SoapContract } from '@koppelwerk/core';
import * as soap from 'soap';
import { createSoapListener, SoapFault, soapFaultResponse } from './soap-service';
import { SimulatorServer } from './simulator-server';

const contract: SoapContract = {
  namespace: 'https://soap.example/v1',
  service: 'EchoService',
  port: 'EchoSoap',
  address: 'https://soap.example/soap',
  types: { cItem: ['name', 'price:decimal!'], cEchoResult: ['Items:ArrayOfCItem', 'Count:int!'] },
  arrays: ['cItem'],
  operations: [{ name: 'Echo', request: ['Prefix', 'Items:ArrayOfCItem'], result: 'cEchoResult' }],
};

describe('a SOAP simulator on the toolkit', () => {
  let server: SimulatorServer;
  let client: soap.Client;
  const echo = (args: Record<string, unknown>) =>
    new Promise<{ error?: { root?: { Envelope: { Body: { Fault: { faultcode: string; faultstring: string } } } } }; result?: unknown }>((resolve) =>
      (client as unknown as Record<string, (a: unknown, cb: (error: unknown, result: unknown) => void) => void>).Echo(args, (error, result) =>
        resolve(error ? { error: error as never } : { result }),
      ),
    );

  beforeAll(async () => {
    const listener = await createSoapListener({
      contract,
      path: '/soap',
      handlers: {
        Echo: (request) => {
          if (request.Prefix === 'boom') throw new SoapFault('Client', 'no booms here');
          const items = (request.Items ?? []) as { name?: string; price: string }[];
          return { Items: items.map((item) => ({ ...item, name: `${String(request.Prefix ?? '')}${item.name ?? ''}` })), Count: items.length };
        },
      },
    });
    server = new SimulatorServer({ name: 'echo', renderError: soapFaultResponse, fallback: listener });
    const url = await server.listen();
    const wsdl = await fetch(`${url}/soap?wsdl`).then((response) => response.text());
    expect(wsdl).toBe(renderSoapWsdl(contract));
    client = await soap.createClientAsync(`${url}/soap?wsdl`, { customDeserializer: SOAP_KEEP_AS_TEXT, endpoint: `${url}/soap` });
  });

  afterAll(() => server.close());

  it('answers envelopes with plain records in and out, decimals exact', async () => {
    const { result } = await echo(toSoapRequest(contract, 'Echo', { Prefix: 'x-', Items: [{ name: 'a', price: '0.10' }, { name: 'b', price: '19.99' }] }));
    expect(fromSoapResult(contract, 'Echo', result)).toEqual({ Items: [{ name: 'x-a', price: '0.10' }, { name: 'x-b', price: '19.99' }], Count: 2 });
  });

  it('answers a handler fault and a request out of schema order with soap:Client faults', async () => {
    expect((await echo({ Prefix: 'boom' })).error?.root?.Envelope.Body.Fault).toMatchObject({ faultcode: 'soap:Client', faultstring: 'no booms here' });
    const outOfOrder = await echo({ Items: { cItem: [{ price: '1.00' }] }, Prefix: 'late' });
    expect(outOfOrder.error?.root?.Envelope.Body.Fault.faultstring).toMatch(/element Prefix is out of order/);
  });

  it('puts the toolkit faults in front: an injected failure is a soap:Server fault with HTTP 500', async () => {
    server.faults.set({ failNext: 1 });
    const failed = await echo({ Prefix: 'x' });
    expect(failed.error?.root?.Envelope.Body.Fault.faultcode).toBe('soap:Server');
    expect((await echo({ Prefix: 'x' })).result).toBeDefined();
  });
});

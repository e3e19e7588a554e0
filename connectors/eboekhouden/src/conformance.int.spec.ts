/** e-Boekhouden runs the shared AccountingSink conformance suite against its simulator, over SOAP and over REST. */
import { dec, toLocalDate, type Booking } from '@koppelwerk/core';
import { describeAccountingSink } from '@koppelwerk/testing';
import { simulatorSettings } from './__fixtures__/sink-harness';
import { eboekhoudenManifest } from './eboekhouden-manifest';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './simulator/eboekhouden-simulator';

function sampleBooking(invoiceNumber: string, relationCode: string): Booking {
  return {
    documentKey: `sales-invoice:${invoiceNumber}`,
    relation: {
      code: relationCode,
      createIfMissing: true,
      relation: { sourceId: relationCode, role: 'debtor', kind: 'company', name: `Klant ${relationCode}`, email: `${relationCode.toLowerCase()}@example.nl` },
    },
    entry: {
      type: 'journal',
      kind: 'invoice-sent',
      date: toLocalDate('2025-05-01'),
      invoiceNumber,
      accountLedger: '1300',
      relationCode,
      description: `Invoice ${invoiceNumber}`,
      amountsIncludeVat: true,
      rows: [{ ledger: '8000', vatCode: 'HOOG_VERK_21', vatRate: dec('21'), amountExcl: dec('100.00'), amountVat: dec('21.00'), amountIncl: dec('121.00') }],
    },
    warnings: [],
    explain: [],
  };
}

const soapLogin = { username: 'shopowner', securityCode1: 'a'.repeat(32), securityCode2: 'C0FFEE00-1234-4ABC-9DEF-0123456789AB' };

describe.each(['soap', 'rest'] as const)('e-Boekhouden over %s', (api) => {
  describeAccountingSink({
    manifest: eboekhoudenManifest,
    startSimulator: () => startEboekhoudenSimulator({ port: 0, api }),
    configFor: (simulator) => ({ ...simulatorSettings(simulator as EboekhoudenSimulator) }),
    withWrongCredentials: (config) => (api === 'rest' ? { ...config, accessToken: 'f'.repeat(48) } : { ...config, securityCode1: 'f'.repeat(32) }),
    brokenConfigs:
      api === 'rest'
        ? [
            { description: 'REST without an API token', config: { api: 'rest' }, path: 'accessToken' },
            { description: 'a source name with spaces and more than 10 characters', config: { api: 'rest', accessToken: 'x1', source: 'Koppel werk 2' }, path: 'source' },
          ]
        : [
            { description: 'a username shorter than 6 characters', config: { ...soapLogin, username: 'abc' }, path: 'username' },
            { description: 'a malformed security code 2', config: { ...soapLogin, securityCode2: 'nope' }, path: 'securityCode2' },
          ],
    sampleBooking,
  });
});

/** e-Boekhouden runs the shared AccountingSink conformance suite against its simulator. */
import { dec, toLocalDate, type Booking } from '@koppelwerk/core';
import { describeAccountingSink } from '@koppelwerk/testing';
import { eboekhoudenManifest } from './manifest';
import { startEboekhoudenSimulator } from './simulator/eboekhouden-simulator';

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

describeAccountingSink({
  manifest: eboekhoudenManifest,
  startSimulator: () => startEboekhoudenSimulator({ port: 0 }),
  configFor: (simulator) => ({ ...simulator.credentials, endpoint: `${simulator.url}/soap.asmx` }),
  withWrongCredentials: (config) => ({ ...config, securityCode1: 'f'.repeat(32) }),
  brokenConfigs: [
    { description: 'a username shorter than 6 characters', config: { username: 'abc', securityCode1: 'a'.repeat(32), securityCode2: 'C0FFEE00-1234-4ABC-9DEF-0123456789AB' }, path: 'username' },
    { description: 'a malformed security code 2', config: { username: 'shopowner', securityCode1: 'a'.repeat(32), securityCode2: 'nope' }, path: 'securityCode2' },
  ],
  sampleBooking,
});

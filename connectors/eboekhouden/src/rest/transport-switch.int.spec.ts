/**
 * A tenant that switches between SOAP and REST books nothing twice and books the same way: both
 * transports on one simulator (one administration), each finding what the other booked by its
 * invoice number, under the same id.
 */
import { dec, RejectedError, type Booking, type InvoiceEntry, type JournalEntry, type LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, row, startHarness, type Harness } from '../__fixtures__/sink-harness';

jest.setTimeout(60_000);

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ api: 'soap' });
});
afterEach(() => h.close());

const soap = () => h.connect();
const rest = () => h.connect({ api: 'rest', accessToken: h.sim.accessToken, endpoint: h.sim.url });
type Raw = Record<string, unknown>;
const mutation = (invoiceNumber: string) => (h.sim.state().administraties[0].mutaties as Raw[]).filter((m) => m.Factuurnummer === invoiceNumber);
const bookingOf = (entry: JournalEntry | InvoiceEntry): Booking => ({ documentKey: `d:${entry.invoiceNumber}`, relation: relationToEnsure(entry.relationCode), entry, warnings: [], explain: [] });

const sale = (invoiceNumber: string) =>
  journalEntry(invoiceNumber, 'K1', { rows: [row('8000', 'HOOG_VERK_21', '21', '82.64', '17.36', '100.00'), row('8010', 'LAAG_VERK_9', '9', '9.17', '0.83', '10.00'), row('8000', 'GEEN', '0', '4.95', '0.00', '4.95')] });

describe.each([
  ['SOAP', 'REST', soap, rest],
  ['REST', 'SOAP', rest, soap],
] as const)('booked over %s, then the tenant switches to %s', (_from, _to, before, after) => {
  it('finds the booking under the same id and refuses to book it again', async () => {
    const first = before();
    await first.ensureRelation(relationToEnsure('K1'));
    const booked = await first.bookJournalEntry(sale('SW-1'));
    await first.close();

    const second = after();
    expect(await second.ensureRelation(relationToEnsure('K1'))).toEqual({ code: 'K1', created: false });
    expect(await second.findBooked(bookingOf(sale('SW-1')))).toEqual({ sinkId: booked.sinkId });
    const again = (await second.bookJournalEntry(sale('SW-1')).catch((e) => e)) as RejectedError;
    expect(again).toBeInstanceOf(RejectedError);
    expect(again.alreadyBooked).toBe(true);
    expect(mutation('SW-1')).toHaveLength(1);
  });

  it('finds an invoice of the invoicing module by its number', async () => {
    const invoice: InvoiceEntry = {
      type: 'invoice',
      date: '2024-06-01' as LocalDate,
      invoiceNumber: 'WB-77',
      relationCode: 'K1',
      template: 'Werkbon',
      paymentTermDays: 14,
      bookInLedger: true,
      description: 'Werkbon 77',
      lines: [{ quantity: dec('3'), unit: 'UUR', description: 'Arbeid', unitPrice: dec('45.00'), vatCode: 'HOOG_VERK_21', ledger: '8000' }],
    };
    const first = before();
    await first.ensureRelation(relationToEnsure('K1'));
    await first.createInvoice!(invoice);
    expect(await after().findBooked(bookingOf(invoice))).toEqual({ sinkId: 'WB-77' });
  });
});

it('books the same document identically over SOAP and over REST (rows, codes, amounts)', async () => {
  const overSoap = soap();
  await overSoap.ensureRelation(relationToEnsure('K1'));
  await overSoap.bookJournalEntry(sale('SAME-SOAP'));
  await rest().bookJournalEntry(sale('SAME-REST'));
  // Everything but the number, the invoice number (also on each row) and the description that names it.
  const strip = (m: Raw) => JSON.parse(JSON.stringify(m, (key, value) => (['MutatieNr', 'Factuurnummer', 'Omschrijving'].includes(key) ? undefined : value)));
  const [viaSoap] = mutation('SAME-SOAP');
  const [viaRest] = mutation('SAME-REST');
  expect(viaRest).toBeDefined();
  expect(strip(viaRest)).toEqual(strip(viaSoap));
});

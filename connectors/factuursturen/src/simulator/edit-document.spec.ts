/** The account holder changes a booked invoice (editDocument, and over HTTP POST /_sim/manual/edit-document); read back through the API. */
import { Decimal } from '@koppelwerk/core';
import { EDIT_DOCUMENT_CONTROL, simControl } from '@koppelwerk/testing';
import { rawInvoice } from '../__fixtures__/raw-invoice-builder';
import { readInvoiceAmounts } from '../mappers/invoice-lines';
import type { RawInvoice } from '../raw-invoice';
import { startFactuursturenSimulator, type RunningFactuursturenSimulator } from './factuursturen-simulator';

let sim: RunningFactuursturenSimulator;
afterEach(() => sim?.close());

async function invoice(number: string): Promise<RawInvoice> {
  const auth = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.apiKey}`).toString('base64')}`;
  const response = await fetch(`${sim.url}/api/v1/invoices/${encodeURIComponent(number)}`, { headers: { authorization: auth, accept: 'application/json' } });
  return ((await response.json()) as { invoice: RawInvoice }).invoice;
}

/** The invoice as the FactuurSturen source reads it (lines against the VAT summary and the total): its total incl. VAT. */
function readTotal(raw: RawInvoice): string {
  const fail = (field: string, problem: string) => {
    throw new Error(`${field}: ${problem}`);
  };
  return readInvoiceAmounts(raw, { pricesIncludeVat: raw.tax_type === 'intax', zeroTreatment: 'normal', fail }).totalIncl.toFixed(2);
}

it('changes the first line and the total incl. VAT by amountDelta, works out the VAT of its rate again, and stamps the change', async () => {
  sim = await startFactuursturenSimulator({ seed: { invoices: [rawInvoice(1)] }, now: () => new Date('2025-07-01T10:00:00Z') });
  sim.editDocument('F1', '12.10');
  const changed = await invoice('F1');
  expect(changed.lines).toEqual({ line1: { amount: 4, amount_desc: '', description: 'Adviesuur', tax_rate: 21, price: 15.5, discount_pct: 0, linetotal: 62 } });
  expect(changed.taxes).toEqual({ tax1: { rate: 21, sum: '13.02', sum_of: '62.00' } });
  expect([changed.tax, changed.totalintax, changed.open]).toEqual(['13.02', '75.02', '75.02']);
  expect(readTotal(changed)).toBe('75.02');
  expect(Object.values(changed.history as object).at(-1)).toEqual({ date: '2025-07-01', time: '12:00', description: 'Factuur gewijzigd' });
});

it('keeps every changed invoice readable by the source, its total off by at most the cent the VAT rounding forces', async () => {
  for (const delta of ['0.01', '0.02', '0.03', '-0.05', '-1.11', '7.77', '100.00']) {
    sim = await startFactuursturenSimulator({ seed: { invoices: [rawInvoice(1)] } });
    const changed = sim.editDocumentRequest({ number: 'F1', amountDelta: delta });
    const moved = Decimal.parse(readTotal(changed)).minus(Decimal.parse('62.92'));
    expect(moved.minus(Decimal.parse(delta)).abs().compare(Decimal.parse('0.01'))).toBeLessThanOrEqual(0);
    // At 21% on 52.00 no line amount moves the total by exactly 100.00 (99.99 or 100.01): the nearest is taken.
    const expected: Record<string, string> = { '0.01': '0.01', '-0.05': '-0.05', '7.77': '7.77', '100.00': '99.99' };
    if (delta in expected) expect(moved.toFixed(2)).toBe(expected[delta]);
    await sim.close();
  }
});

it('changes a line whose price includes VAT by exactly amountDelta (tax_type intax)', async () => {
  const intax = rawInvoice(2, {
    tax_type: 'intax',
    lines: { line1: { amount: 4, amount_desc: '', description: 'Adviesuur', tax_rate: 21, price: 15.73, discount_pct: 0, linetotal: 62.92 } },
  });
  sim = await startFactuursturenSimulator({ seed: { invoices: [intax] } });
  const changed = sim.editDocument('F2', -2.92);
  expect(changed.lines).toMatchObject({ line1: { price: 15, linetotal: 60 } });
  expect(changed.taxes).toEqual({ tax1: { rate: 21, sum: '10.41', sum_of: '49.59' } });
  expect([changed.tax, changed.totalintax, readTotal(changed)]).toEqual(['10.41', '60.00', '60.00']);
});

it('is a control request over HTTP: POST /_sim/manual/edit-document changes the invoice the API then shows, stamped in its history', async () => {
  sim = await startFactuursturenSimulator({ seed: { invoices: [rawInvoice(1)] }, now: () => new Date('2025-07-01T10:00:00Z') });
  const answer = await simControl(sim.url, EDIT_DOCUMENT_CONTROL, { number: 'F1', amountDelta: 12.1 });
  expect(answer).toMatchObject({ status: 200, body: { invoicenr_full: 'F1', totalintax: '75.02' } });
  const changed = await invoice('F1');
  expect([changed.totalintax, readTotal(changed)]).toEqual(['75.02', '75.02']);
  expect(Object.values(changed.history as object).at(-1)).toEqual({ date: '2025-07-01', time: '12:00', description: 'Factuur gewijzigd' });
  // A control request is not an API call: it does not count against the hourly quota or the call counts.
  expect(sim.server.calls.count('POST /_sim/manual/edit-document')).toBe(0);
});

it('says what is wrong with the request: 404 for an unknown invoice, 400 for a body that is not JSON, a missing number, a bad amount or an amount discount', async () => {
  sim = await startFactuursturenSimulator({ seed: { invoices: [rawInvoice(1), rawInvoice(3, { discounttype: 'amount', discount: '5' })] } });
  const refusal = (body: unknown) => simControl(sim.url, EDIT_DOCUMENT_CONTROL, body);
  const refused = (status: number, error: string) => ({ status, body: { error } });
  expect(await refusal({ number: 'F999', amountDelta: '1.00' })).toEqual(refused(404, 'Invoice F999 not found'));
  expect(await refusal('number=F1')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^the body must be JSON \(/) } });
  expect(await refusal({ amountDelta: '1.00' })).toEqual(refused(400, 'number is required: the invoice number as the API shows it'));
  expect(await refusal({ number: 'F1', amountDelta: 'veel' })).toEqual(refused(400, 'amountDelta must be an amount in euros with at most two decimals, such as "12.50" or -5 (got "veel")'));
  expect(await refusal({ number: 'F3', amountDelta: '1.00' })).toEqual(refused(400, 'invoice F3 has a discount of an amount; changing it is not simulated'));
  expect((await invoice('F1')).totalintax).toBe('62.92');
});

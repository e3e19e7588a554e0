/**
 * `koppelwerk explain` on a webshop order with prices excl. VAT: the rows rounded per VAT code come
 * to a cent more than the customer paid, and explain shows the rounding row that books what was
 * paid, on the tenant's rounding ledger; an order whose amounts are off by more is refused, with
 * both totals and the difference.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli } from './testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

/** A paid order of three mugs at 9.90 incl. VAT, as a shop with prices excl. VAT sends it. */
function mugsOrder(number: number, excl: string): Record<string, unknown> {
  const base = generateOrders({ count: 1, randomSeed: 7, quirks: false }).orders[0];
  return {
    ...base,
    number,
    uuid: undefined,
    status: 3,
    credit_order_numbers: [],
    price: { tax: [{ amount: '5.15', rate: '21.00' }], total: '29.70' },
    orderlines: [{ id: `line-${number}`, type: 'article', quantity: 3, description: 'Mok', weight: '0.000', price: { amount: excl, amount_including_tax: '29.70', rate: '21.00' } }],
  };
}

describe('koppelwerk explain: the total the customer paid', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let tenantFile: string;

  beforeAll(async () => {
    const generated = generateOrders({ count: 1, randomSeed: 7, quirks: false });
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({
      port: 0,
      seed: {
        orders: [mugsOrder(2044, '24.545454'), mugsOrder(2045, '30.000000')],
        orderstatuses: generated.orderstatuses,
        store: [{ ...generated.store[0], prices_include_tax: false }],
      },
    });
    tenantFile = join(scratchDir('explain-rounding'), 'mugs.yaml');
    writeFileSync(
      tenantFile,
      stringify({
        tenant: 'mugs',
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { rounding: { ledger: '8990' } },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  it('shows the rounding row that books the 29.70 paid instead of the 29.71 rounded per VAT code', async () => {
    const json = await cli(['explain', tenantFile, '2044', '--json']);
    expect(json.code).toBe(0);
    const { booking } = JSON.parse(json.stdout);
    expect(booking.entry.rows.map((row: Record<string, string>) => [row.ledger, row.vatCode, row.amountIncl])).toEqual([
      ['8000', 'HOOG_VERK_21', '29.71'],
      ['8990', 'GEEN', '-0.01'],
    ]);
    const text = await cli(['explain', tenantFile, '2044']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('total                = 29.70 (rounding -0.01 on 8990)');
    expect(text.stdout).toContain("by mapping.rounding.ledger: booked 29.71, the source's total 29.70: a difference of -0.01, within mapping.rounding.maxDifference 0.05");
  });

  it('says why an order whose amounts are off by more than a rounding difference is not booked', async () => {
    const result = await cli(['explain', tenantFile, '2045']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "cannot be booked: sales-order 2045: the rows add up to 36.30 but the source's total is 29.70, a difference of -6.60; more than mapping.rounding.maxDifference (0.05) allows, so it is not booked",
    );
  });
});

import { AuthenticationError } from '@koppelwerk/core';
import { startHarness, type Harness } from './__fixtures__/stella-harness';
import { DEMO_CUSTOMERS, generateInvoices, stellaInvoice } from './simulator/generate-invoices';

const finalized = (count: number, first = 1) =>
  Array.from({ length: count }, (_, i) => stellaInvoice({ id: `inv_${first + i}`, number: `2025-${String(first + i).padStart(4, '0')}`, customer: DEMO_CUSTOMERS[i % 3], updatedAt: `2025-06-0${1 + (i % 9)}T0${i % 10}:00:00.000Z` }));

describe('StellaSource', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('reads finalized invoices page by page, each once, never drafts', async () => {
    const invoices = [...finalized(7), stellaInvoice({ id: 'inv_draft', number: '2025-9999', customer: DEMO_CUSTOMERS[0], status: 'draft' })];
    harness = await startHarness({ seed: { invoices } });
    const { items } = await harness.read(null, { pageSize: 3 });
    expect(items.map((item) => item.key).sort()).toEqual(finalized(7).map((i) => i.id).sort());
    expect(harness.sim.server.calls.count('GET /v1/invoices')).toBe(3);
  });

  it('resumes after a crash and delivers nothing twice; a draft that is finalized later is delivered then', async () => {
    harness = await startHarness({ seed: { invoices: [...finalized(5), stellaInvoice({ id: 'inv_late', number: '2025-0050', customer: DEMO_CUSTOMERS[2], status: 'draft' })] } });
    const first = await harness.read(null, { pageSize: 2, maxPages: 1 });
    const rest = await harness.read(first.cursor, { pageSize: 2 });
    expect([...first.items, ...rest.items].map((item) => item.key).sort()).toEqual(finalized(5).map((i) => i.id).sort());

    harness.clock.now = new Date('2025-06-10T12:01:00Z');
    harness.sim.finalize('inv_late');
    harness.clock.now = new Date('2025-06-10T12:03:00Z');
    const next = await harness.read(rest.cursor, { pageSize: 2 });
    expect(next.items.map((item) => item.key)).toEqual(['inv_late']);
    expect((await harness.read(next.cursor)).items).toEqual([]);
  });

  it('delivers an invoice Stella\'s own link booked as a failed item that says "already booked elsewhere"', async () => {
    harness = await startHarness({ seed: { invoices: finalized(2) } });
    harness.sim.markBookedByStella('inv_2', 'mutatie 7');
    const { items } = await harness.read(null);
    const elsewhere = items.find((item) => item.key === 'inv_2');
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'STELLA_BOOKED_ELSEWHERE', alreadyBooked: true } });
    expect(!elsewhere!.ok && elsewhere!.error.message).toContain('already booked elsewhere');
    expect(await harness.source.fetch!('inv_2')).toMatchObject({ ok: false, error: { code: 'STELLA_BOOKED_ELSEWHERE' } });
  });

  it('refetches one invoice, and says so when it is gone or not finalized', async () => {
    harness = await startHarness({ seed: { invoices: [...finalized(1), stellaInvoice({ id: 'inv_d', number: 'X', customer: DEMO_CUSTOMERS[0], status: 'draft' })] } });
    expect(await harness.source.fetch!('inv_1')).toMatchObject({ ok: true, record: { number: '2025-0001' } });
    expect(await harness.source.fetch!('inv_d')).toMatchObject({ ok: false, error: { code: 'STELLA_NOT_FINALIZED' } });
    expect(await harness.source.fetch!('inv_404')).toMatchObject({ ok: false, error: { code: 'STELLA_NOT_FOUND' } });
  });

  it('turns red on a refused key without showing it, and retries 429 and 5xx', async () => {
    harness = await startHarness({ apiKey: 'wrong-key-canary' });
    const error = await harness.read(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const check = await harness.source.check();
    expect(check).toMatchObject({ ok: false, errorClass: 'authentication' });
    expect(JSON.stringify(check) + (error as Error).message).not.toContain('wrong-key-canary');
    await harness.close();

    harness = await startHarness({ seed: { invoices: generateInvoices({ count: 5 }) }, sim: { faults: { rateLimitNext: 1, retryAfterSeconds: 0, failNext: 1 } } });
    expect((await harness.read(null)).items.length).toBe(4);
    expect(await harness.source.check()).toMatchObject({ ok: true });
  });
});

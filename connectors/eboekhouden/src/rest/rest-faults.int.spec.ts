/**
 * What goes wrong over REST, against the simulator: answers that are no JSON, 429, 5xx, closed
 * periods, validation errors; and exactly once: a write whose answer was lost is found by its
 * invoice number, and a repeat is refused as already booked only after that look-up.
 */
import { RecordError, RejectedError, TransientError, classifyError, type Booking } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, row, startHarness, type Harness } from '../__fixtures__/sink-harness';

jest.setTimeout(60_000);

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ api: 'rest' });
  // Session open, ids loaded: the faults below hit the write itself.
  await h.sink.ensureRelation(relationToEnsure('K1'));
  await h.sink.findBooked(booking('warm-up'));
  await h.sink.listLedgers();
});
afterEach(() => h.close());

const calls = (key: string) => h.sim.calls()[key] ?? 0;
const booked = (invoiceNumber: string) => (h.sim.state().administraties[0].mutaties as Record<string, unknown>[]).filter((m) => m.Factuurnummer === invoiceNumber);
function booking(invoiceNumber: string): Booking {
  return { documentKey: `sales-invoice:${invoiceNumber}`, relation: relationToEnsure('K1'), entry: journalEntry(invoiceNumber, 'K1'), warnings: [], explain: [] };
}

it('a write answered with a cut-off body is transient; the look-up finds it, and a repeat is "already booked" after a look-up', async () => {
  h.sim.restFaults.set({ truncateNext: 1 });
  const lost = await h.sink.bookJournalEntry(journalEntry('T-1', 'K1')).catch((e) => e);
  expect(lost).toBeInstanceOf(TransientError);
  expect(lost.code).toBe('EB_REST_NOT_JSON');
  expect(booked('T-1')).toHaveLength(1);
  const found = await h.sink.findBooked(booking('T-1'));
  expect(found).toEqual({ sinkId: String(booked('T-1')[0].MutatieNr) });
  const lookUpsBefore = calls('GET /v1/mutation');
  const repeat = (await h.sink.bookJournalEntry(journalEntry('T-1', 'K1')).catch((e) => e)) as RejectedError;
  expect(repeat).toBeInstanceOf(RejectedError);
  expect(repeat.code).toBe('MUT_019');
  expect(repeat.alreadyBooked).toBe(true);
  expect(calls('GET /v1/mutation')).toBe(lookUpsBefore + 1);
  expect(booked('T-1')).toHaveLength(1);
});

it('an HTML page with status 200 is transient and books nothing; the next attempt books it once', async () => {
  h.sim.restFaults.set({ htmlNext: 1 });
  const page = await h.sink.bookJournalEntry(journalEntry('H-1', 'K1')).catch((e) => e);
  expect(page).toBeInstanceOf(TransientError);
  expect(page.message).toContain('an HTML page');
  expect(booked('H-1')).toHaveLength(0);
  await h.sink.bookJournalEntry(journalEntry('H-1', 'K1'));
  expect(booked('H-1')).toHaveLength(1);
});

it('a 5xx or a 429 on a write is transient (with the Retry-After), never retried blindly inside the sink', async () => {
  h.sim.faults.set({ failNext: 1 });
  const failed = await h.sink.bookJournalEntry(journalEntry('F-1', 'K1')).catch((e) => e);
  expect(classifyError(failed)).toBe('transient');
  h.sim.faults.set({ rateLimitNext: 1, retryAfterSeconds: 3 });
  const limited = (await h.sink.bookJournalEntry(journalEntry('F-1', 'K1')).catch((e) => e)) as TransientError;
  expect(limited).toBeInstanceOf(TransientError);
  expect(limited.retryAfterMs).toBe(3000);
  expect(calls('POST /v1/mutation')).toBe(0);
});

it('reads ride over a 429 and a 5xx by themselves', async () => {
  h.sim.faults.set({ rateLimitNext: 1, retryAfterSeconds: 0, failNext: 1 });
  expect(await h.sink.findBooked(booking('nothing-here'))).toBeNull();
});

it('a booking in a period closed in the administration (MUT_005) or by the accountant (SECURITY_007) is rejected with what to do', async () => {
  h.sim.closePeriodUntil('2024-12-31');
  const closed = (await h.sink.bookJournalEntry(journalEntry('C-1', 'K1')).catch((e) => e)) as RejectedError;
  expect(closed).toBeInstanceOf(RejectedError);
  expect(closed.code).toBe('MUT_005');
  expect(closed.alreadyBooked).toBe(false);
  expect(closed.hint).toMatch(/accountant closed/);
  h.sim.closePeriodUntil(null);
  h.sim.closeAccountantPeriodUntil('2024-12-31');
  const byAccountant = (await h.sink.bookJournalEntry(journalEntry('C-2', 'K1')).catch((e) => e)) as RejectedError;
  expect(byAccountant).toMatchObject({ errorClass: 'rejected', code: 'SECURITY_007' });
  expect(byAccountant.hint).toMatch(/accountant closed/);
  // Not an authentication problem: the connection stays green.
  expect(await h.sink.check()).toEqual({ ok: true });
});

it('a validation error parks the document naming the property e-Boekhouden gave', async () => {
  // A purchase VAT code on a sale: e-Boekhouden checks the code's direction.
  const refused = await h.sink.bookJournalEntry(journalEntry('V-1', 'K1', { rows: [row('8000', 'HOOG_INK_21', '21', '100.00', '21.00', '121.00')] })).catch((e) => e);
  expect(refused).toBeInstanceOf(RecordError);
  expect(refused.code).toMatch(/^MUT_/);
  expect(refused.field).toEqual(expect.any(String));
  expect(refused.message).toContain('invoice V-1');
});

it('a dropped connection is transient and leaves nothing half done', async () => {
  h.sim.faults.set({ dropNext: 1 });
  const dropped = await h.sink.bookJournalEntry(journalEntry('D-1', 'K1')).catch((e) => e);
  expect(classifyError(dropped)).toBe('transient');
  expect(await h.sink.findBooked(booking('D-1'))).toBeNull();
});

/**
 * Stella end to end against the e-Boekhouden and Stella simulators over loopback, through the
 * runner's own commands (the "done when"): one relation with its first invoice, mutations
 * on 1300/8000, and an invoice booked beforehand by Stella's own link reported, never doubled.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startStellaSimulator, stellaInvoice, type RunningStellaSimulator } from '@koppelwerk/stella/simulator';
import { stringify } from 'yaml';
import { createRegistry, type Output } from '@koppelwerk/runtime';
import { errorsCommand, logCommand } from '../commands/queue-commands';
import { syncCommand } from '../commands/sync-command';
import { runCommand, scratchDir } from '@koppelwerk/runtime/testing';

const NEW_CUSTOMER = { id: 'cus_2042', type: 'company' as const, name: 'Aannemersbedrijf Visser', email: 'info@visser-bouw.nl', street: 'Industrieweg', house_number: '8', zipcode: '3542 AD', city: 'Utrecht', country_code: 'NL' };
const DRAFT_CUSTOMER = { id: 'cus_2043', type: 'private' as const, name: 'J. Bakker', email: 'jbakker@example.nl', city: 'Zeist' };
const OTHER_CUSTOMER = { id: 'cus_2044', type: 'company' as const, name: 'Kapsalon Knip', email: 'knip@example.nl', city: 'Amersfoort' };

/** A mutation Stella's own e-Boekhouden link made before this tenant existed. */
const bookedByStella = (number: string, code: string) => ({
  MutatieNr: 0,
  Soort: 'FactuurVerstuurd',
  Datum: '2025-06-03T00:00:00',
  Rekening: '1300',
  RelatieCode: code,
  Factuurnummer: number,
  Omschrijving: `Factuur ${number}`,
  InExBTW: 'EX',
  MutatieRegels: { cMutatieListRegel: [{ BedragInvoer: '100.00', BedragExclBTW: '100.00', BedragBTW: '21.00', BedragInclBTW: '121.00', BTWCode: 'HOOG_VERK_21', BTWPercentage: '21', Factuurnummer: number, TegenrekeningCode: '8000' }] },
});

describe('Stella end to end', () => {
  let bookkeeping: EboekhoudenSimulator;
  let stella: RunningStellaSimulator;
  let file: string;
  const registry = createRegistry();

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({
      port: 0,
      seed: {
        relaties: [{ Code: 'STELLA-7', BP: 'B', Bedrijf: 'Kapsalon Knip', Plaats: 'Amersfoort' }],
        mutaties: [bookedByStella('2025-0100', 'STELLA-7'), bookedByStella('2025-0101', 'STELLA-7')],
      },
    });
    stella = await startStellaSimulator({
      port: 0,
      seed: {
        invoices: [
          stellaInvoice({ id: 'inv_1', number: '2025-0001', customer: NEW_CUSTOMER, date: '2025-06-02', updatedAt: '2025-06-02T09:00:00.000Z' }),
          stellaInvoice({ id: 'inv_2', number: '2025-0002', customer: NEW_CUSTOMER, date: '2025-06-03', updatedAt: '2025-06-03T09:00:00.000Z' }),
          stellaInvoice({ id: 'inv_3', number: '2025-0003', customer: NEW_CUSTOMER, date: '2025-06-04', updatedAt: '2025-06-04T09:00:00.000Z' }),
          stellaInvoice({ id: 'inv_d', number: '2025-0004', customer: DRAFT_CUSTOMER, status: 'draft', updatedAt: '2025-06-04T10:00:00.000Z' }),
        ],
      },
    });
    const dir = scratchDir('stella');
    file = join(dir, 'schilder.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'schilder',
        source: { connector: 'stella', endpoint: stella.url, settings: stella.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        // Stella's own numbering is the invoice number, so an invoice its own link booked is recognised.
        mapping: { relations: { matchBy: 'source-id', codePrefix: 'ST' }, texts: { invoiceNumber: '{number}', description: 'Factuur {number} {relation.name}' } },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), stella?.close()]);
  });

  const run = (command: (output: Output) => Promise<number>) => runCommand(command);

  const administration = () => bookkeeping.state().administraties[0];
  const mutationsNumbered = (number: string) => administration().mutaties.filter((m) => m.Factuurnummer === number);

  it('three invoices for one new customer create one relation and three mutations on 1300/8000; a draft sends nothing', async () => {
    const relationsBefore = administration().relaties.length;
    const result = await run((output) => syncCommand(registry, file, {}, output));
    expect(result.code).toBe(ExitCode.ok);
    expect(result.text).toMatch(/booked 3, .*relations created 1/);

    const relations = administration().relaties;
    expect(relations).toHaveLength(relationsBefore + 1);
    const created = relations.find((r) => r.Bedrijf === 'Aannemersbedrijf Visser')!;
    expect(created).toMatchObject({ Code: expect.stringMatching(/^ST[0-9A-Z]{1,13}$/), Plaats: 'Utrecht', Email: 'info@visser-bouw.nl' });
    const code = String(created.Code);
    expect(relations.some((r) => r.Plaats === 'Zeist')).toBe(false); // the draft's customer waits for its first invoice

    for (const number of ['2025-0001', '2025-0002', '2025-0003']) {
      const [mutation] = mutationsNumbered(number);
      expect(mutationsNumbered(number)).toHaveLength(1);
      expect(mutation).toMatchObject({ Soort: 'FactuurVerstuurd', Rekening: '1300', RelatieCode: code });
      const rows = (mutation.MutatieRegels as { cMutatieListRegel: Record<string, unknown>[] }).cMutatieListRegel;
      expect(rows.every((row) => row.TegenrekeningCode === '8000')).toBe(true);
      expect(rows.reduce((sum, row) => sum + Number(row.BedragExclBTW), 0)).toBeCloseTo(420.9, 2);
    }

    const log = await run((output) => logCommand(registry, file, {}, output));
    expect(log.text.match(new RegExp(`created\\s+relation ${code}`, 'g'))).toHaveLength(1);
    expect(log.text.match(/booked\s+inv_[123]/g)).toHaveLength(3);
  });

  it('an invoice booked beforehand by Stella itself is reported as "already booked elsewhere", not duplicated', async () => {
    stella.addInvoices(stellaInvoice({ id: 'inv_100', number: '2025-0100', customer: OTHER_CUSTOMER, date: '2025-06-03', updatedAt: new Date().toISOString() }));
    stella.markBookedByStella('inv_100', 'mutatie 1');
    const relationsBefore = administration().relaties.length;

    const result = await run((output) => syncCommand(registry, file, {}, output));
    expect(result.code).toBe(ExitCode.parked);
    expect(result.text).toMatch(/booked 0, .*parked 1/);
    expect(mutationsNumbered('2025-0100')).toHaveLength(1);
    expect(administration().relaties).toHaveLength(relationsBefore);

    const errors = await run((output) => errorsCommand(registry, file, {}, output));
    expect(errors.text).toContain('inv_100');
    expect(errors.text).toContain('STELLA_BOOKED_ELSEWHERE');
    expect(errors.text).toContain("invoice 2025-0100 is already booked elsewhere: Stella's own e-Boekhouden link booked it");
  });

  it('an invoice whose number the administration already has is not booked a second time, even when Stella does not say so', async () => {
    stella.addInvoices(stellaInvoice({ id: 'inv_101', number: '2025-0101', customer: OTHER_CUSTOMER, date: '2025-06-03', updatedAt: new Date().toISOString() }));
    await run((output) => syncCommand(registry, file, {}, output));
    expect(mutationsNumbered('2025-0101')).toHaveLength(1);
    const log = await run((output) => logCommand(registry, file, { document: 'inv_101' }, output));
    expect(log.text).toContain('already booked elsewhere: the administration already had invoice number');
  });
});

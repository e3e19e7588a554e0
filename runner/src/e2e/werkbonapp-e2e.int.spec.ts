/**
 * WerkbonApp end to end, in both directions, against the e-Boekhouden and WerkbonApp simulators
 * over loopback, through the runner's own commands (the "done when").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ExitCode } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateWorkOrders, startWerkbonappSimulator, type RunningWerkbonappSimulator } from '@koppelwerk/werkbonapp/simulator';
import { parse, stringify } from 'yaml';
import { amsterdamTime, bookedLines, createRegistry, explainDocument, openTenant, type Output } from '@koppelwerk/runtime';
import { importCommand } from '../commands/import-command';
import { errorsCommand, logCommand } from '../commands/queue-commands';
import { syncCommand } from '../commands/sync-command';
import { runCommand, scratchDir } from '@koppelwerk/runtime/testing';
import { cli } from '../testing/cli-process';

const RELATIONS = Array.from({ length: 50 }, (_, i) => ({
  Code: `D${1001 + i}`,
  BP: 'B',
  Bedrijf: `Installatieklant ${i + 1} B.V.`,
  Adres: `Werkstraat ${i + 1}`,
  Postcode: '3511 AB',
  Plaats: 'Utrecht',
  Email: `klant${i + 1}@example.nl`,
}));

const article = (id: number, code: string, unit: string, excl: string, active = true) => ({
  ArtikelID: id,
  ArtikelOmschrijving: `Artikel ${code}`,
  ArtikelCode: code,
  GroepOmschrijving: unit === 'UUR' ? 'Uren' : 'Materiaal',
  GroepCode: unit === 'UUR' ? 'URE' : 'MAT',
  Eenheid: unit,
  InkoopprijsExclBTW: '0.00',
  VerkoopprijsExclBTW: excl,
  VerkoopprijsInclBTW: excl,
  BTWCode: 'HOOG_VERK_21',
  TegenrekeningCode: '8000',
  BtwPercentage: '21',
  KostenplaatsID: 0,
  Actief: active,
});
const MATERIALS = Array.from({ length: 30 }, (_, i) => article(100 + i, `MAT-${i + 1}`, 'STUK', `${i + 1}.50`));
const HOUR_TYPES = Array.from({ length: 5 }, (_, i) => article(200 + i, `UUR-${i + 1}`, 'UUR', `${50 + i * 5}.00`));
const ARTICLES = [...MATERIALS, ...HOUR_TYPES, article(300, 'UUR-OUD', 'UUR', '40.00', false)];

/** 20 completed work orders for known debtors, priced from the bookkeeping's hour types; one with an unknown hour type; two not yet complete. */
function workOrders() {
  const complete = generateWorkOrders({ count: 20, firstId: 7001, hourTypes: HOUR_TYPES.map((h) => h.ArtikelCode), debtorNumbers: RELATIONS.map((r) => r.Code) }).map((order, i) => ({
    ...order,
    Materials: [{ MaterialCode: `MAT-${(i % 30) + 1}`, MaterialNr: '2,5', MaterialPrice: `${(i % 30) + 1},50`, MaterialName: `Artikel MAT-${(i % 30) + 1}`, MaterialUnit: 'STUK' }],
  }));
  const unknownHourType = generateWorkOrders({ count: 1, firstId: 7101, hourTypes: ['UUR-ONBEKEND'], debtorNumbers: ['D1001'] }).map((order) => ({ ...order, Materials: [] }));
  const notComplete = generateWorkOrders({ count: 2, firstId: 7201, status: 'Opgehaald', debtorNumbers: ['D1002'] });
  return [...complete, ...unknownHourType, ...notComplete];
}

describe('WerkbonApp end to end', () => {
  let bookkeeping: EboekhoudenSimulator;
  let werkbonapp: RunningWerkbonappSimulator;
  let file: string;
  const registry = createRegistry();

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0, seed: { relaties: RELATIONS, artikelen: ARTICLES } });
    werkbonapp = await startWerkbonappSimulator({ port: 0, seed: { workorders: workOrders() } });
    const dir = scratchDir('werkbonapp');
    file = join(dir, 'installateur.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'installateur',
        source: { connector: 'werkbonapp', endpoint: werkbonapp.url, settings: werkbonapp.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { invoice: { template: 'Werkbon', paymentTermDays: 21, bookInLedger: true }, texts: { description: 'Werkbon {number} {relation.name}' } },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), werkbonapp?.close()]);
  });

  const run = (command: (output: Output) => Promise<number>) => runCommand(command);

  const administration = () => bookkeeping.state().administraties[0];
  const statusOf = (id: string) => werkbonapp.workorders().find((order) => order.id === id)?.status;

  it('imports 50 relations, 30 materials and 5 hour types; a second import leaves exactly 50, 30 and 5', async () => {
    const first = await run((output) => importCommand(registry, file, output));
    expect(first.code).toBe(ExitCode.ok);
    expect(first.text).toContain('50 relations synchronized 30 materials synchronized 5 hour types synchronized');

    const second = await run((output) => importCommand(registry, file, output));
    expect(second.code).toBe(ExitCode.ok);
    expect(second.text).toContain('0 relations synchronized 0 materials synchronized 0 hour types synchronized');
    expect(second.text).toContain('relations: created 0, updated 0, unchanged 50');

    expect(werkbonapp.relations()).toHaveLength(50);
    expect(werkbonapp.materials()).toHaveLength(30);
    expect(werkbonapp.hourTypes().map((h) => h.code).sort()).toEqual(['UUR-1', 'UUR-2', 'UUR-3', 'UUR-4', 'UUR-5']);
    expect(werkbonapp.hourTypes()[0]).toMatchObject({ sale_price: '50,00', active: '1' });

    const log = await run((output) => logCommand(registry, file, { limit: 5 }, output));
    expect(log.text).toContain('import into WerkbonApp: 50 relations synchronized 30 materials synchronized 5 hour types synchronized');
    expect(log.text).toMatch(/created\s+relations\s/);
    expect(log.text).not.toContain('undefined');
  });

  it('books 20 completed work orders as 20 invoices with the right lines, template, term and open items; exactly those 20 end Afgehandeld', async () => {
    // A dry run shows the invoice settings that go with every invoice, and writes nothing.
    const dry = await run((output) => syncCommand(registry, file, { dryRun: true }, output));
    expect(dry.text.match(/template Werkbon, payment term 21 days, also booked in the ledger/g)).toHaveLength(20);
    expect(administration().facturen).toHaveLength(0);

    const result = await run((output) => syncCommand(registry, file, {}, output));
    expect(result.text).toMatch(/booked 20, skipped 0 \(already booked\), parked 1, pending 0.*acknowledged 20/);
    expect(result.code).toBe(ExitCode.parked);

    const invoices = administration().facturen.filter((f) => String(f.Factuurnummer).startsWith('WB'));
    expect(invoices).toHaveLength(20);
    const first = invoices.find((f) => f.Factuurnummer === 'WB007001')!;
    const order = workOrders()[0];
    expect(first).toMatchObject({ Relatiecode: order.CustomerDebtorNrInvoice, Betalingstermijn: 21 });
    const lines = (first.Regels as { cFactuurRegel: Record<string, unknown>[] }).cFactuurRegel;
    expect(lines[0]).toMatchObject({ Code: 'MAT-1', Aantal: '2.5', PrijsPerEenheid: '1.5', Eenheid: 'STUK' });
    const hours = order.Workperiods!.map((p) => p.TotalTime!).map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
    const hourLines = lines.filter((line) => String(line.Code).startsWith('UUR-'));
    expect(hourLines.length).toBeGreaterThanOrEqual(1);
    const hourTotal = hourLines.reduce((sum, line) => sum + Number(line.Aantal) * 60, 0);
    expect(hourTotal).toBeCloseTo(hours.reduce((a, b) => a + b, 0), 6);
    for (const line of hourLines) {
      const price = HOUR_TYPES.find((h) => h.ArtikelCode === line.Code)!.VerkoopprijsExclBTW;
      expect(Number(line.PrijsPerEenheid)).toBe(Number(price));
      expect(line.Eenheid).toBe('UUR');
    }
    // The template is sent with each invoice, and "process in the books" made each an open item.
    expect(bookkeeping.calls().AddFactuur).toBeGreaterThanOrEqual(20);
    expect(invoices.every((f) => Number(f.TotaalOpenstaand) > 0)).toBe(true);
    expect(administration().mutaties.filter((m) => m.Soort === 'FactuurVerstuurd' && String(m.Factuurnummer).startsWith('WB'))).toHaveLength(20);

    const handled = werkbonapp.workorders().filter((o) => o.status === 'Afgehandeld').map((o) => o.id);
    expect(handled).toEqual(Array.from({ length: 20 }, (_, i) => String(7001 + i)));
    expect(statusOf('7201')).toBe('Opgehaald');
  });

  it('explains a booked work order, Afgehandeld since, from what was booked: when, as which invoice, and the rules that made it', async () => {
    expect(statusOf('7001')).toBe('Afgehandeld');
    const text = await cli(['explain', file, '7001']);
    expect(text.code).toBe(ExitCode.ok);
    expect(text.stdout).toMatch(/^7001 with mapping \w+:/m);
    expect(text.stdout).toMatch(/^ {2}booked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d as WB007001 with mapping \w+$/m);
    expect(text.stdout).toContain('  the rules make exactly the booking that was sent:');
    const json = await cli(['explain', file, '7001', '--json']);
    const explained = JSON.parse(json.stdout) as { booking: { entry: { invoiceNumber: string }; explain: { target: string; rule: string }[] } };
    expect(explained.booking.entry.invoiceNumber).toBe('WB007001');
    // The rules' decisions, each printed with the rule that made it.
    expect(explained.booking.explain.length).toBeGreaterThan(3);
    for (const step of explained.booking.explain) expect(text.stdout).toContain(`by ${step.rule}`);
    expect(statusOf('7001')).toBe('Afgehandeld');

    // What the ledger says: booked when, as which invoice, and that today's rules make that very booking.
    const runtime = await openTenant(file, registry);
    try {
      const outcome = await explainDocument(runtime, '7001');
      const ledger = await runtime.store.getLedgerEntry({ documentKey: '7001', kind: 'work-order' });
      expect(outcome).toMatchObject({ booked: { at: ledger!.bookedAt, sinkId: 'WB007001', invoiceNumber: 'WB007001', mappingVersion: ledger!.mappingVersion, sameAsToday: true } });
      if (!('booked' in outcome) || !outcome.booked) throw new Error('not explained as booked');
      expect(bookedLines(outcome.booked, outcome.booking)).toEqual([`booked ${amsterdamTime(ledger!.bookedAt)} as WB007001 with mapping ${ledger!.mappingVersion}`, 'the rules make exactly the booking that was sent:']);

      // Reopened in WerkbonApp after it was booked: the source no longer delivers it, so the booking as it was sent.
      const reopened = werkbonapp.workorders().find((order) => order.id === '7002')!;
      reopened.status = 'Opgehaald';
      try {
        const fromLedger = await explainDocument(runtime, '7002');
        expect(fromLedger).toMatchObject({ booking: { entry: { invoiceNumber: 'WB007002' } }, booked: { sinkId: 'WB007002', notFromSource: 'work order 7002 has status "Opgehaald": it is not finished (Compleet) yet' } });
        if (!('booked' in fromLedger) || !fromLedger.booked) throw new Error('not explained as booked');
        const sent = bookedLines(fromLedger.booked, fromLedger.booking);
        expect(sent[1]).toBe('the source no longer delivers it (work order 7002 has status "Opgehaald": it is not finished (Compleet) yet), so the rules cannot be shown; it was sent as:');
        expect(sent[2]).toMatch(/^ {2}invoice WB007002 of \d{4}-\d\d-\d\d for relation D\d+, template Werkbon, payment term 21 days$/);
        expect(sent[3]).toMatch(/^ {2}lines\[0\] 2\.5 × 2\.50 HOOG_VERK_21 on 8000: /);
        const reopenedText = await cli(['explain', file, '7002']);
        expect(reopenedText.code).toBe(ExitCode.ok);
      } finally {
        reopened.status = 'Afgehandeld';
      }
    } finally {
      await runtime.close();
    }

    // With another invoice template in the rules now, explain says that today's booking is not the one that was sent.
    const tenant = parse(readFileSync(file, 'utf8'));
    const changed = join(dirname(file), 'installateur-new-template.yaml');
    writeFileSync(changed, stringify({ ...tenant, mapping: { ...tenant.mapping, invoice: { ...tenant.mapping.invoice, template: 'Werkbon 2026' } } }));
    const later = await openTenant(changed, registry);
    try {
      const outcome = await explainDocument(later, '7001');
      if (!('booked' in outcome) || !outcome.booked) throw new Error('not explained as booked');
      expect(outcome.booked.sameAsToday).toBe(false);
      expect(bookedLines(outcome.booked, outcome.booking)[1]).toBe(
        'the rules make another booking today than the one that was sent (the mapping or the document changed since); today they decide:',
      );
    } finally {
      await later.close();
    }
  });

  it('parks the work order with an unknown hour type with that reason; it stays Compleet, also after the next run', async () => {
    const errors = await run((output) => errorsCommand(registry, file, {}, output));
    expect(errors.text).toContain('7101');
    expect(errors.text).toContain('MAP_UNKNOWN_HOUR_TYPE');
    expect(errors.text).toContain('hour type "UUR-ONBEKEND" does not exist in the bookkeeping');
    expect(statusOf('7101')).toBe('Compleet');

    const again = await run((output) => syncCommand(registry, file, {}, output));
    expect(again.text).toMatch(/booked 0/);
    expect(administration().facturen.filter((f) => String(f.Factuurnummer).startsWith('WB'))).toHaveLength(20);
    expect(statusOf('7101')).toBe('Compleet');
  });

  it('a lost acknowledgement is delivered on the next run without booking twice', async () => {
    werkbonapp.addWorkorders(...generateWorkOrders({ count: 1, firstId: 7301, hourTypes: ['UUR-2'], debtorNumbers: ['D1010'] }).map((order) => ({ ...order, Materials: [] })));
    // WerkbonApp refuses the acknowledgement once (the booking itself went through).
    werkbonapp.server.faults.set({ failNext: 1, errorStatus: 400, pathPattern: 'GetWorkorder/?$' });
    const first = await run((output) => syncCommand(registry, file, {}, output));
    expect(first.text).toMatch(/booked 1/);
    expect(statusOf('7301')).toBe('Compleet');
    const log = await run((output) => logCommand(registry, file, { document: '7301' }, output));
    expect(log.text).toContain('booked, but the source was not told yet');

    const second = await run((output) => syncCommand(registry, file, {}, output));
    expect(second.text).toMatch(/booked 0.*acknowledged 1/);
    expect(statusOf('7301')).toBe('Afgehandeld');
    expect(administration().facturen.filter((f) => f.Factuurnummer === 'WB007301')).toHaveLength(1);
  });
});

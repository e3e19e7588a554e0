/**
 * One simulated administration: ledgers, relations, articles, mutations and invoices in memory,
 * with the rules e-Boekhouden enforces as far as they are known (unknown ledger or relation,
 * duplicate invoice number, relation code in use, inconsistent row amounts, field lengths, closed
 * period, the 500-row cap). Records are kept as raw wire records, exactly as the API returns them.
 * An invoice's arithmetic (totals per VAT code, the mutation that journals it) is sim-invoice.ts.
 */
import { vatCodeInfo } from '@koppelwerk/core';
import { FACTUUR_LIMITS, MUTATIE_LIMITS, RELATIE_LIMITS } from '../field-limits';
import { text } from '../wire-format';
import { defaultArticles, defaultLedgers } from './default-chart';
import { simErrors } from './sim-errors';
import { invoiceMutation, invoiceRecord, invoiceTotals, readInvoiceLines } from './sim-invoice';
import { asDateTime, checkMax, dateOnly, decimal, validDate } from './sim-values';
import { wireList, wireRecord } from './sim-wire';

export const MAX_MUTATIES_PER_CALL = 500;
type Raw = Record<string, unknown>;

export interface AdministrationSeed {
  Bedrijf: string;
  Plaats?: string;
  Guid: string;
  StartBoekjaar?: string;
  grootboekrekeningen?: Raw[];
  relaties?: Raw[];
  artikelen?: Raw[];
  kostenplaatsen?: Raw[];
  mutaties?: Raw[];
}

/** A dump of one administration, as JSON-friendly raw records. */
export interface SimAdministrationState {
  Guid: string;
  Bedrijf: string;
  closedUntil: string | null;
  grootboekrekeningen: Raw[];
  relaties: Raw[];
  artikelen: Raw[];
  mutaties: Raw[];
  facturen: Raw[];
}

/** Sales invoice numbers are unique per administration; purchase invoice numbers per supplier. */
function invoiceKey(soort: string, relatieCode: string, factuurnummer: string): string {
  return soort === 'FactuurOntvangen' ? `${soort}|${relatieCode}|${factuurnummer}` : `${soort}|${factuurnummer}`;
}

export class SimAdministration {
  readonly guid: string;
  readonly bedrijf: string;
  readonly plaats: string;
  readonly startBoekjaar: string;
  closedUntil: string | null = null;
  private ledgers: Raw[];
  private relations: Raw[];
  /** The first relation of each code (a look-up per booking must not scan 100,000 relations). */
  private readonly relationByCode = new Map<string, Raw>();
  private articles: Raw[];
  private costCentres: Raw[];
  private mutations: Raw[] = [];
  private invoices: Raw[] = [];
  /** Invoice-number keys of booked invoice mutations, for the duplicate guard. */
  private readonly invoiceKeys = new Set<string>();
  private nextId = 1;
  private nextMutatieNr = 1;
  private nextInvoiceNumber = 1;

  constructor(seed: AdministrationSeed) {
    this.guid = seed.Guid;
    this.bedrijf = seed.Bedrijf;
    this.plaats = seed.Plaats ?? '';
    this.startBoekjaar = seed.StartBoekjaar ?? '2020';
    this.ledgers = (seed.grootboekrekeningen ?? defaultLedgers()).map((l) => ({ ...l, ID: Number(l.ID) || this.id() }));
    this.relations = (seed.relaties ?? []).map((r) => ({ ...r, ID: Number(r.ID) || this.id(), AddDatum: r.AddDatum ?? '2024-01-01T00:00:00' }));
    for (const relation of this.relations) if (!this.relationByCode.has(text(relation.Code))) this.relationByCode.set(text(relation.Code), relation);
    this.articles = seed.artikelen ?? defaultArticles();
    this.costCentres = seed.kostenplaatsen ?? [];
    for (const mutation of seed.mutaties ?? []) {
      const number = Number(mutation.MutatieNr) || this.nextMutatieNr;
      this.mutations.push({ ...mutation, MutatieNr: number });
      this.invoiceKeys.add(invoiceKey(text(mutation.Soort), text(mutation.RelatieCode), text(mutation.Factuurnummer)));
      this.nextMutatieNr = Math.max(this.nextMutatieNr, number + 1);
    }
  }

  private id(): number {
    return 100_000 + this.nextId++;
  }

  describe(): Raw {
    return wireRecord('cAdministratie', { Bedrijf: this.bedrijf, Plaats: this.plaats, Guid: this.guid, StartBoekjaar: this.startBoekjaar });
  }

  // --- ledgers -------------------------------------------------------------------------------

  ledger(code: string): Raw | undefined {
    return this.ledgers.find((l) => text(l.Code) === code);
  }

  getLedgers(filter: Raw): Raw[] {
    const id = Number(filter.ID ?? 0);
    return this.ledgers
      .filter((l) => (id ? Number(l.ID) === id : true))
      .filter((l) => (text(filter.Code) ? text(l.Code) === text(filter.Code) : true))
      .filter((l) => (text(filter.Categorie) ? text(l.Categorie) === text(filter.Categorie) : true))
      .map((l) => wireRecord('cGrootboekrekening', l));
  }

  addLedger(raw: Raw): number {
    const code = text(raw.Code);
    if (!code) throw simErrors.ledgerInvalid('Code is verplicht.');
    checkMax(code, 10, 'Code', simErrors.ledgerInvalid);
    checkMax(raw.Omschrijving, 50, 'Omschrijving', simErrors.ledgerInvalid);
    if (!['BAL', 'VW'].includes(text(raw.Categorie))) throw simErrors.ledgerInvalid('Categorie moet BAL of VW zijn.');
    if (this.ledger(code)) throw simErrors.ledgerInvalid(`Grootboekrekening ${code} bestaat al.`);
    const ID = this.id();
    this.ledgers.push({ ID, Code: code, Omschrijving: text(raw.Omschrijving), Categorie: text(raw.Categorie), Groep: text(raw.Groep) });
    return ID;
  }

  updateLedger(raw: Raw): void {
    const existing = this.ledgers.find((l) => Number(l.ID) === Number(raw.ID));
    if (!existing) throw simErrors.ledgerUnknown(text(raw.Code) || String(raw.ID));
    checkMax(raw.Omschrijving, 50, 'Omschrijving', simErrors.ledgerInvalid);
    Object.assign(existing, { Omschrijving: text(raw.Omschrijving) || existing.Omschrijving, Groep: text(raw.Groep) || existing.Groep });
  }

  // --- relations -----------------------------------------------------------------------------

  relation(code: string): Raw | undefined {
    return this.relationByCode.get(code);
  }

  getRelations(filter: Raw): Raw[] {
    const id = Number(filter.ID ?? 0);
    const keyword = text(filter.Trefwoord).toLowerCase();
    return this.relations
      .filter((r) => (id ? Number(r.ID) === id : true))
      .filter((r) => (text(filter.Code) ? text(r.Code) === text(filter.Code) : true))
      .filter((r) => !keyword || ['Code', 'Bedrijf', 'Contactpersoon', 'Plaats', 'Email'].some((f) => text(r[f]).toLowerCase().includes(keyword)))
      .map((r) => wireRecord('cRelatie', r));
  }

  private validateRelation(raw: Raw): void {
    const code = text(raw.Code);
    if (!code) throw simErrors.relationInvalid('Relatiecode is verplicht.');
    for (const [element, limit] of Object.entries(RELATIE_LIMITS)) checkMax(raw[element], limit, element, simErrors.relationInvalid);
    if (!['B', 'P'].includes(text(raw.BP) || 'B')) throw simErrors.relationInvalid('BP moet B of P zijn.');
    if (!['', 'm', 'v', 'a'].includes(text(raw.Geslacht))) throw simErrors.relationInvalid('Geslacht moet m, v of a zijn.');
    if (!text(raw.Bedrijf) && !text(raw.Contactpersoon)) throw simErrors.relationInvalid('Bedrijf of contactpersoon is verplicht.');
  }

  addRelation(raw: Raw): number {
    this.validateRelation(raw);
    const code = text(raw.Code);
    if (this.relation(code)) throw simErrors.relationCodeInUse(code);
    const ID = this.id();
    const { ID: _ignored, ...rest } = raw;
    const relation = { ...rest, ID, AddDatum: asDateTime(dateOnly(raw.AddDatum) || '2024-01-01') };
    this.relations.push(relation);
    this.relationByCode.set(code, relation);
    return ID;
  }

  updateRelation(raw: Raw): void {
    this.validateRelation(raw);
    const existing = this.relations.find((r) => Number(r.ID) === Number(raw.ID) && text(r.Code) === text(raw.Code));
    if (!existing) throw simErrors.relationUnknown(text(raw.Code));
    const { ID: _id, AddDatum: _added, ...rest } = raw;
    for (const key of Object.keys(existing)) if (!['ID', 'AddDatum', 'Code'].includes(key)) delete existing[key];
    Object.assign(existing, rest);
  }

  // --- articles, cost centres ------------------------------------------------------------------

  getArticles(filter: Raw): Raw[] {
    const matches = (value: unknown, wanted: unknown) => !text(wanted) || text(value).toLowerCase().includes(text(wanted).toLowerCase());
    return this.articles
      .filter((a) => !Number(filter.ArtikelID) || Number(a.ArtikelID) === Number(filter.ArtikelID))
      .filter((a) => matches(a.ArtikelOmschrijving, filter.ArtikelOmschrijving) && matches(a.ArtikelCode, filter.ArtikelCode))
      .filter((a) => matches(a.GroepOmschrijving, filter.GroepOmschrijving) && matches(a.GroepCode, filter.GroepCode))
      .map((a) => wireRecord('cArtikel', a));
  }

  getCostCentres(filter: Raw): Raw[] {
    return this.costCentres
      .filter((k) => !Number(filter.KostenplaatsID) || Number(k.KostenplaatsId) === Number(filter.KostenplaatsID))
      .filter((k) => !text(filter.Omschrijving) || text(k.Omschrijving).includes(text(filter.Omschrijving)))
      .map((k) => wireRecord('cKostenplaats', { KostenplaatsId: 0, KostenplaatsParentId: 0, ...k }));
  }

  // --- mutations -----------------------------------------------------------------------------

  private checkOpenPeriod(date: string): void {
    if (this.closedUntil && date <= this.closedUntil) throw simErrors.periodClosed(date);
  }

  private checkLedger(code: string, allowedCategories: string[] | null, why: string): void {
    const ledger = this.ledger(code);
    if (!ledger) throw simErrors.ledgerUnknown(code);
    if (allowedCategories && !allowedCategories.includes(text(ledger.Categorie))) throw simErrors.ledgerNotAllowed(code, why);
  }

  addMutation(raw: Raw): number {
    const soort = text(raw.Soort);
    const date = validDate(raw.Datum, 'Datum');
    for (const [element, limit] of Object.entries(MUTATIE_LIMITS)) checkMax(raw[element], limit, element);
    const inEx = text(raw.InExBTW) || 'EX';
    if (!['IN', 'EX'].includes(inEx)) throw simErrors.fieldInvalid('InExBTW moet IN of EX zijn.');
    const isInvoice = soort === 'FactuurVerstuurd' || soort === 'FactuurOntvangen';
    const rekening = text(raw.Rekening);
    if (!rekening) throw simErrors.fieldInvalid('Rekening is verplicht.');
    if (soort === 'FactuurVerstuurd') this.checkLedger(rekening, ['DEB'], 'bij een verstuurde factuur moet de rekening een debiteurenrekening zijn');
    else if (soort === 'FactuurOntvangen') this.checkLedger(rekening, ['CRED'], 'bij een ontvangen factuur moet de rekening een crediteurenrekening zijn');
    else this.checkLedger(rekening, null, '');
    const relatieCode = text(raw.RelatieCode);
    if (isInvoice || relatieCode) {
      if (!relatieCode) throw simErrors.fieldInvalid('RelatieCode is verplicht bij dit soort mutatie.');
      if (!this.relation(relatieCode)) throw simErrors.relationUnknown(relatieCode);
    }
    const factuurnummer = text(raw.Factuurnummer);
    if (isInvoice && !factuurnummer) throw simErrors.fieldInvalid('Factuurnummer is verplicht bij dit soort mutatie.');
    const key = invoiceKey(soort, relatieCode, factuurnummer);
    if (isInvoice && this.invoiceKeys.has(key)) throw simErrors.invoiceNumberExists(factuurnummer);
    const rows = wireList<Raw>(raw.MutatieRegels, 'cMutatieRegel');
    if (rows.length === 0) throw simErrors.fieldInvalid('Een mutatie heeft minstens één regel nodig.');
    const storedRows = rows.map((row, index) => {
      const number = index + 1;
      const ledger = text(row.TegenrekeningCode);
      if (!ledger) throw simErrors.fieldInvalid(`Regel ${number}: TegenrekeningCode is verplicht.`);
      this.checkLedger(ledger, isInvoice ? ['BAL', 'VW'] : null, 'op een factuurregel alleen balans- of winst-en-verliesrekeningen');
      const code = text(row.BTWCode) || 'GEEN';
      if (!vatCodeInfo(code)) throw simErrors.vatCodeUnknown(code);
      const excl = decimal(row.BedragExclBTW, `Regel ${number}: BedragExclBTW`);
      const vat = decimal(row.BedragBTW, `Regel ${number}: BedragBTW`);
      const incl = decimal(row.BedragInclBTW, `Regel ${number}: BedragInclBTW`);
      const input = decimal(row.BedragInvoer, `Regel ${number}: BedragInvoer`);
      if (!excl.plus(vat).equals(incl) || !input.equals(inEx === 'IN' ? incl : excl)) throw simErrors.amountsInconsistent(number);
      return wireRecord('cMutatieListRegel', {
        BedragInvoer: input.toFixed(2),
        BedragExclBTW: excl.toFixed(2),
        BedragBTW: vat.toFixed(2),
        BedragInclBTW: incl.toFixed(2),
        BTWCode: code,
        BTWPercentage: text(row.BTWPercentage) || '0',
        Factuurnummer: factuurnummer,
        TegenrekeningCode: ledger,
        KostenplaatsID: Number(row.KostenplaatsID ?? 0),
      });
    });
    this.checkOpenPeriod(date);
    const MutatieNr = this.nextMutatieNr++;
    if (isInvoice) this.invoiceKeys.add(key);
    this.mutations.push(
      wireRecord('cMutatieList', {
        MutatieNr,
        Soort: soort,
        Datum: asDateTime(date),
        Rekening: rekening,
        RelatieCode: relatieCode,
        Factuurnummer: factuurnummer,
        Boekstuk: text(raw.Boekstuk),
        Omschrijving: text(raw.Omschrijving),
        Betalingstermijn: text(raw.Betalingstermijn),
        InExBTW: inEx,
        MutatieRegels: { cMutatieListRegel: storedRows },
      }),
    );
    return MutatieNr;
  }

  /** At most 500 mutations, lowest number first, as the service pages them. */
  getMutations(filter: Raw): Raw[] {
    const number = Number(filter.MutatieNr ?? 0);
    const from = Number(filter.MutatieNrVan ?? 0);
    const to = Number(filter.MutatieNrTm ?? 0);
    const invoice = text(filter.Factuurnummer);
    const dateFrom = dateOnly(filter.DatumVan) || '0000-00-00';
    const dateTo = dateOnly(filter.DatumTm) || '9999-99-99';
    return this.mutations
      .filter((m) => (number ? Number(m.MutatieNr) === number : true))
      .filter((m) => (from ? Number(m.MutatieNr) >= from : true) && (to ? Number(m.MutatieNr) <= to : true))
      .filter((m) => (invoice ? text(m.Factuurnummer) === invoice : true))
      .filter((m) => dateOnly(m.Datum) >= dateFrom && dateOnly(m.Datum) <= dateTo)
      .sort((a, b) => Number(a.MutatieNr) - Number(b.MutatieNr))
      .slice(0, MAX_MUTATIES_PER_CALL);
  }

  /** Removes the mutations with this invoice number, as a person deleting them in the web app; returns them. */
  deleteMutations(invoiceNumber: string): Raw[] {
    const removed = this.mutations.filter((m) => text(m.Factuurnummer) === invoiceNumber);
    if (removed.length === 0) return removed;
    this.mutations = this.mutations.filter((m) => text(m.Factuurnummer) !== invoiceNumber);
    for (const m of removed) this.invoiceKeys.delete(invoiceKey(text(m.Soort), text(m.RelatieCode), invoiceNumber));
    return removed;
  }

  // --- invoices ------------------------------------------------------------------------------

  /**
   * `options` serve the REST API: prices that include VAT (`inExVat: IN`, VAT taken out per VAT
   * code total) and the debtors ledger the journal entry goes to (default: the first DEB ledger).
   */
  addInvoice(raw: Raw, options: { inEx?: 'IN' | 'EX'; debtorLedger?: string } = {}): string {
    const date = validDate(raw.Datum, 'Datum');
    const relatiecode = text(raw.Relatiecode);
    if (!relatiecode) throw simErrors.invoiceInvalid('Relatiecode is verplicht.');
    const relation = this.relation(relatiecode);
    if (!relation) throw simErrors.relationUnknown(relatiecode);
    if (!text(raw.Factuursjabloon)) throw simErrors.invoiceInvalid('Factuursjabloon is verplicht.');
    for (const element of ['Factuurnummer', 'Relatiecode', 'Factuursjabloon', 'BoekhoudmutatieOmschrijving'] as const) {
      checkMax(raw[element], FACTUUR_LIMITS[element], element, simErrors.invoiceInvalid);
    }
    const term = Number(raw.Betalingstermijn);
    if (!Number.isInteger(term) || term < 0 || term > 9999) throw simErrors.invoiceInvalid('Betalingstermijn is ongeldig.');
    let number = text(raw.Factuurnummer);
    if (number && this.invoices.some((f) => text(f.Factuurnummer) === number)) throw simErrors.invoiceExists(number);
    const lines = wireList<Raw>(raw.Regels, 'cFactuurRegel');
    if (lines.length === 0) throw simErrors.invoiceInvalid('Een factuur heeft minstens één regel nodig.');
    const { perCode, storedLines } = readInvoiceLines(lines, date, (ledger) =>
      this.checkLedger(ledger, ['BAL', 'VW'], 'op een factuurregel alleen balans- of winst-en-verliesrekeningen'),
    );
    const totals = invoiceTotals(perCode, date, options.inEx);
    if (!number) {
      while (this.invoices.some((f) => text(f.Factuurnummer) === `F${String(this.nextInvoiceNumber).padStart(5, '0')}`)) this.nextInvoiceNumber++;
      number = `F${String(this.nextInvoiceNumber++).padStart(5, '0')}`;
    }
    if (raw.InBoekhoudingPlaatsen === true) {
      const debtors = this.ledgers.find((l) => text(l.Categorie) === 'DEB');
      this.addMutation(
        invoiceMutation({
          number,
          relatiecode,
          date,
          term,
          ledger: options.debtorLedger ?? (text(debtors?.Code) || '1300'),
          description: text(raw.BoekhoudmutatieOmschrijving) || `Factuur ${number}`,
          totals,
        }),
      );
    } else {
      this.checkOpenPeriod(date);
    }
    this.invoices.push(invoiceRecord({ number, relatiecode, date, term, booked: raw.InBoekhoudingPlaatsen === true, totals, lines: storedLines }));
    return number;
  }

  /** Every mutation and invoice as stored, in booking order (the REST API pages them itself). */
  mutationRecords(): readonly Raw[] {
    return this.mutations;
  }

  invoiceRecords(): readonly Raw[] {
    return this.invoices;
  }

  /** Removes the invoices (invoicing module) with this number, as a person deleting them in the web app; returns them. */
  deleteInvoices(invoiceNumber: string): Raw[] {
    const removed = this.invoices.filter((f) => text(f.Factuurnummer) === invoiceNumber);
    this.invoices = this.invoices.filter((f) => text(f.Factuurnummer) !== invoiceNumber);
    return removed;
  }

  getInvoices(filter: Raw): Raw[] {
    const dateFrom = dateOnly(filter.DatumVan) || '0000-00-00';
    const dateTo = dateOnly(filter.DatumTm) || '9999-99-99';
    return this.invoices
      .filter((f) => !text(filter.Factuurnummer) || text(f.Factuurnummer) === text(filter.Factuurnummer))
      .filter((f) => !text(filter.Relatiecode) || text(f.Relatiecode) === text(filter.Relatiecode))
      .filter((f) => dateOnly(f.Datum) >= dateFrom && dateOnly(f.Datum) <= dateTo);
  }

  state(): SimAdministrationState {
    return structuredClone({
      Guid: this.guid,
      Bedrijf: this.bedrijf,
      closedUntil: this.closedUntil,
      grootboekrekeningen: this.ledgers,
      relaties: this.relations,
      artikelen: this.articles,
      mutaties: this.mutations,
      facturen: this.invoices,
    });
  }
}


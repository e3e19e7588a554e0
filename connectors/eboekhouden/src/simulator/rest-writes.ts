/**
 * The REST API's writes (POST /v1/relation, /v1/mutation, /v1/invoice): the body checked against
 * its schema, then against the administration (ids that must exist, ledger categories, VAT code
 * direction, duplicates, closed periods), then stored through the same SimAdministration the SOAP
 * API writes to, so a booking is found over either API and a duplicate is refused across them.
 *
 * Rules the spec states: row ledgers for types 1, 2, 5, 6 may not be FIN/CRED/DEB (MUT_106); type 1
 * needs a creditors ledger (MUT_010), type 2 a debtors ledger (MUT_011); rows of types 3/4 name an
 * invoice number (MUT_120) and relation (MUT_112); vatAmount only with AFW/AFW_VERK (MUTA_003).
 * Inferred, marked [inferred]: payments and money in/out (3–6) need a FIN ledger (MUT_009), a term
 * of payment only on invoices (MUT_016), duplicates are checked before the closed period, a
 * period closed by the accountant (SECURITY_007) before one closed in the administration (MUT_005).
 */
import { Decimal, vatCodeInfo, vatCodeRate } from '@koppelwerk/core';
import { text } from '../wire-format';
import { invalid, forbidden, type RestCode } from './rest-errors';
import type { RestView } from './rest-records';
import { soapSoort } from './rest-records';
import { CreateInvoice, CreateMutation, CreateRelation, parseBody, VAT_CUT_OFF } from './rest-schemas';
import { SimError } from './sim-errors';

type Raw = Record<string, unknown>;

/** A SOAP-side refusal the REST checks did not catch first, in REST terms. */
function translate(error: unknown, codes: Record<string, RestCode>): never {
  if (!(error instanceof SimError)) throw error;
  throw invalid(codes[error.code] ?? 'ERR_002');
}

function checkDate(date: string, badCode: RestCode, rangeCode: RestCode, property: string): void {
  if (Number.isNaN(Date.parse(date)) || new Date(date).toISOString().slice(0, 10) !== date) throw invalid(badCode, property);
  if (date < '1980-01-01' || date > '2050-12-31') throw invalid(rangeCode, property);
}

function checkOpen(view: RestView, date: string, closedCode: RestCode, property: string): void {
  const accountant = view.extras.accountantClosedUntil;
  if (accountant && date <= accountant) throw forbidden('SECURITY_007');
  const closed = view.administration.closedUntil;
  if (closed && date <= closed) throw invalid(closedCode, property);
}

const asDecimal = (value: number) => Decimal.fromNumber(value);

export function createRelation(view: RestView, body: unknown, today: string): { id: number; code: string } {
  const r = parseBody(CreateRelation, body) as Raw;
  const administration = view.administration;
  if (r.ledgerId && !view.ledgerById(Number(r.ledgerId))) throw invalid('REL_048', 'ledgerId');
  let code = text(r.code).trim();
  if (code && administration.relation(code)) throw invalid('REL_049', 'code');
  if (!code) {
    // "Auto-generated if empty": the next free number.
    let next = administration.getRelations({ ID: 0 }).length + 1;
    while (administration.relation(String(next))) next++;
    code = String(next);
  }
  const raw: Raw = {
    ID: 0,
    AddDatum: today,
    Code: code,
    Bedrijf: text(r.name).trim(),
    Contactpersoon: text(r.contact),
    Geslacht: text(r.gender),
    Adres: text(r.address),
    Postcode: text(r.postalCode),
    Plaats: text(r.city),
    Land: text(r.country),
    Adres2: text(r.address2),
    Postcode2: text(r.postalCode2),
    Plaats2: text(r.city2),
    Land2: text(r.country2),
    Telefoon: text(r.phoneNumber),
    GSM: text(r.mobilePhoneNumber),
    FAX: text(r.faxNumber),
    Email: text(r.emailAddress),
    Site: text(r.website),
    Notitie: text(r.note),
    BTWNummer: text(r.vatNumber),
    KvkNummer: text(r.companyRegistrationNumber),
    Aanhef: text(r.salutation),
    IBAN: text(r.iban),
    BIC: text(r.bic),
    BP: text(r.type) || 'B',
    Gb_ID: Number(r.ledgerId ?? 0),
    GeenEmail: 0,
    NieuwsbriefgroepenCount: 0,
  };
  for (let i = 1; i <= 10; i++) raw[`Def${i}`] = text(r[`freeText${i}`]);
  try {
    return { id: administration.addRelation(raw), code };
  } catch (error) {
    return translate(error, { CREL001: 'REL_049' });
  }
}

export function createMutation(view: RestView, body: unknown): { id: number } {
  const m = parseBody(CreateMutation, body);
  const administration = view.administration;
  checkDate(m.date, 'MUT_004', 'MUT_004', 'date');
  const isInvoice = m.type === 1 || m.type === 2;
  const isPayment = m.type === 3 || m.type === 4;
  const ledger = view.ledgerById(m.ledgerId);
  if (!ledger) throw invalid('MUT_007', 'ledgerId');
  const category = text(ledger.Categorie);
  if (m.type === 1 && category !== 'CRED') throw invalid('MUT_010', 'ledgerId');
  if (m.type === 2 && category !== 'DEB') throw invalid('MUT_011', 'ledgerId');
  if (m.type >= 3 && m.type <= 6 && category !== 'FIN') throw invalid('MUT_009', 'ledgerId');
  const relation = view.relationById(m.relationId);
  if (isInvoice && !m.relationId) throw invalid('MUT_012', 'relationId');
  if (m.relationId && !relation) throw invalid('MUT_013', 'relationId');
  if (isInvoice && !m.invoiceNumber) throw invalid('MUT_002', 'invoiceNumber');
  if (m.termOfPayment !== null && m.termOfPayment !== undefined && !isInvoice) throw invalid('MUT_016', 'termOfPayment');
  const rowLedgerRequired = !isPayment;
  const rowAmounts = amounts(m.rows, m.date, m.inExVat);
  const accountLedger = (cat: string) => administration.getLedgers({ ID: 0, Categorie: cat })[0];
  const rows = m.rows.map((row, index) => {
    const at = `rows[${index}]`;
    if (rowLedgerRequired && !row.ledgerId) throw invalid('MUTA_004', `${at}.ledgerId`);
    const rowLedger = row.ledgerId ? view.ledgerById(row.ledgerId) : accountLedger(m.type === 3 ? 'DEB' : 'CRED');
    if (!rowLedger) throw invalid('MUT_104', `${at}.ledgerId`);
    if (m.type !== 7 && !isPayment && ['FIN', 'CRED', 'DEB'].includes(text(rowLedger.Categorie))) throw invalid('MUT_106', `${at}.ledgerId`);
    const code = row.vatCode;
    if (VAT_CUT_OFF[code] && m.date >= VAT_CUT_OFF[code]) throw invalid('MUT_109', `${at}.vatCode`);
    const direction = vatCodeInfo(code)?.direction;
    if (m.type === 1 && direction === 'sales') throw invalid('MUT_110', `${at}.vatCode`);
    if (m.type === 2 && direction === 'purchase') throw invalid('MUT_111', `${at}.vatCode`);
    if (m.type === 1 && m.inExVat === 'IN' && code.startsWith('VERL_INK')) throw invalid('MUT_026', 'inExVat');
    if (row.vatAmount !== null && row.vatAmount !== undefined && code !== 'AFW' && code !== 'AFW_VERK') throw invalid('MUTA_003', `${at}.vatAmount`);
    if (row.costCenterId && !administration.getCostCentres({ KostenplaatsID: row.costCenterId }).length) throw invalid('MUT_117', `${at}.costCenterId`);
    let rowRelation: Raw | undefined;
    if (isPayment) {
      if (!row.invoiceNumber) throw invalid('MUT_120', `${at}.invoiceNumber`);
      if (!row.relationId) throw invalid('MUT_112', `${at}.relationId`);
      rowRelation = view.relationById(row.relationId);
      if (!rowRelation) throw invalid('MUT_113', `${at}.relationId`);
      const invoiceSoort = m.type === 3 ? 'FactuurVerstuurd' : 'FactuurOntvangen';
      const booked = administration.getMutations({ Factuurnummer: row.invoiceNumber });
      if (!booked.some((b) => text(b.Soort) === invoiceSoort && text(b.RelatieCode) === text(rowRelation!.Code))) throw invalid('MUT_115', `${at}.invoiceNumber`);
    }
    return { row, code, ledgerCode: text(rowLedger.Code), relation: rowRelation, ...rowAmounts[index] };
  });
  const number = isPayment ? rows.map((r) => text(r.row.invoiceNumber)).join(',') : text(m.invoiceNumber);
  if (isInvoice) {
    const booked = administration.getMutations({ Factuurnummer: number }).filter((b) => text(b.Soort) === soapSoort(m.type));
    if (m.type === 2 && booked.length) throw invalid('MUT_019', 'invoiceNumber');
    if (m.type === 1 && booked.some((b) => text(b.RelatieCode) === text(relation?.Code))) throw invalid('MUT_020', 'invoiceNumber');
  }
  if (m.checkPaymentReference && m.paymentReference && view.extras.paymentReferences.has(m.paymentReference)) throw invalid('MUTA_008', 'paymentReference');
  checkOpen(view, m.date, 'MUT_005', 'date');
  const raw: Raw = {
    MutatieNr: 0,
    Soort: soapSoort(m.type),
    Datum: m.date,
    Rekening: text(ledger.Code),
    RelatieCode: text(relation?.Code ?? rows[0].relation?.Code),
    Factuurnummer: number,
    Boekstuk: text(m.entryNumber),
    Omschrijving: text(m.description),
    Betalingstermijn: m.termOfPayment === null || m.termOfPayment === undefined ? '' : String(m.termOfPayment),
    InExBTW: m.inExVat,
    MutatieRegels: {
      cMutatieRegel: rows.map((r) => ({
        BedragInvoer: r.input.toFixed(2),
        BedragExclBTW: r.excl.toFixed(2),
        BedragBTW: r.vat.toFixed(2),
        BedragInclBTW: r.excl.plus(r.vat).toFixed(2),
        BTWCode: r.code,
        BTWPercentage: r.rate.toString(),
        TegenrekeningCode: r.ledgerCode,
        KostenplaatsID: r.row.costCenterId ?? 0,
      })),
    },
  };
  let id: number;
  try {
    id = administration.addMutation(raw);
  } catch (error) {
    return translate(error, { M006: m.type === 1 ? 'MUT_020' : 'MUT_019', EMUT004: 'MUT_005', EMUT001: 'MUT_104', EMUT002: 'MUT_013', EMUT006: 'MUT_109', EMUT007: 'MUT_106' });
  }
  view.extras.rowDescriptions.set(id, m.rows.map((row) => text(row.description)));
  if (m.paymentReference) view.extras.paymentReferences.add(m.paymentReference);
  return { id };
}

/**
 * The rows' amounts. `amount` is incl. or excl. VAT per `inExVat` (rounded to cents: the spec says
 * nothing of more decimals). e-Boekhouden totals VAT per VAT code (GET /v1/mutation/{id} answers
 * `vat[]` per code): the VAT of a code is computed once from the sum of its rows' cent amounts at the
 * code's rate on the date, then spread over those rows by cumulative rounding, so the rows add up to
 * the code's VAT and each is within a cent of its share. AFW codes carry their given vatAmount.
 */
function amounts(rows: readonly { amount: number; vatAmount?: number | null; vatCode: string }[], date: string, inEx: string) {
  const lines = rows.map((row) => ({ input: asDecimal(row.amount).round(2), rate: vatCodeRate(row.vatCode, date), vat: Decimal.ZERO }));
  const vatOf = (amount: Decimal, rate: Decimal) => amount.times(rate).dividedBy(inEx === 'EX' ? Decimal.HUNDRED : Decimal.HUNDRED.plus(rate), 2);
  const byCode = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (lines[index].rate === null) lines[index].vat = row.vatAmount === null || row.vatAmount === undefined ? Decimal.ZERO : asDecimal(row.vatAmount).round(2);
    else byCode.set(row.vatCode, [...(byCode.get(row.vatCode) ?? []), index]);
  });
  for (const indexes of byCode.values()) {
    const rate = lines[indexes[0]].rate!;
    const total = Decimal.sum(indexes.map((i) => lines[i].input));
    if (total.isZero()) {
      // Rows that cancel out have no share to spread by: each gets the VAT of its own amount.
      for (const i of indexes) lines[i].vat = vatOf(lines[i].input, rate);
      continue;
    }
    const vatTotal = vatOf(total, rate);
    let cumulative = Decimal.ZERO;
    let previous = Decimal.ZERO;
    for (const i of indexes) {
      cumulative = cumulative.plus(lines[i].input);
      const upTo = vatTotal.times(cumulative).dividedBy(total, 2);
      lines[i].vat = upTo.minus(previous);
      previous = upTo;
    }
  }
  return lines.map(({ input, rate, vat }) => ({ input, vat, excl: inEx === 'EX' ? input : input.minus(vat), rate: rate ?? Decimal.ZERO }));
}

export function createInvoice(view: RestView, body: unknown): { id: number; invoiceNumber: string; inExVat: string } {
  const f = parseBody(CreateInvoice, body);
  const administration = view.administration;
  const relation = view.relationById(f.relationId);
  if (!relation) throw invalid('FACT_002', 'relationId');
  const template = view.template(f.templateId);
  if (!template) throw invalid('FACT_018', 'templateId');
  // The simulator has no e-mail templates (GET /v1/emailtemplate is not simulated): any id is unknown.
  if (f.emailTemplateId) throw invalid('FACT_020', 'emailTemplateId');
  checkDate(f.date, 'FACT_012', 'FACT_013', 'date');
  const number = text(f.invoiceNumber);
  if (number && !/\d$/.test(number)) throw invalid('FACT_009', 'invoiceNumber');
  if (number && administration.invoiceRecords().some((i) => text(i.Factuurnummer) === number)) throw invalid('FACT_101', 'invoiceNumber');
  if (f.email && !text(relation.Email)) throw invalid('FACT_EMAIL_001', 'relationId');
  const inExVat = f.inExVat ?? 'EX';
  const units = view.units();
  const lines = f.items.map((item, index) => {
    const at = `items[${index}]`;
    const ledger = view.ledgerById(item.ledgerId);
    if (!ledger) throw invalid('FACT_ITEM_012', `${at}.ledgerId`);
    if (VAT_CUT_OFF[item.vatCode] && f.date >= VAT_CUT_OFF[item.vatCode]) throw invalid('FACT_ITEM_014', `${at}.vatCode`);
    if (item.vatAmount !== null && item.vatAmount !== undefined && item.vatCode !== 'AFW_VERK') throw invalid('FACT_ITEM_015', `${at}.vatAmount`);
    if (item.discountAmount !== null && item.discountAmount !== undefined && item.discountPercentage !== null && item.discountPercentage !== undefined) {
      throw invalid('FACT_ITEM_013', `${at}.discountAmount`);
    }
    if (item.unitId && !units[item.unitId - 1]) throw invalid('FACT_ITEM_010', `${at}.unitId`);
    const product = item.productId ? administration.getArticles({ ArtikelID: item.productId })[0] : undefined;
    if (item.productId && !product) throw invalid('FACT_ITEM_011', `${at}.productId`);
    const quantity = asDecimal(item.quantity ?? item.amount ?? 0);
    if (!quantity.equals(quantity.round(4))) throw invalid('ERR_002', `${at}.quantity`);
    let price = asDecimal(item.pricePerUnit);
    if (item.discountAmount) price = price.minus(asDecimal(item.discountAmount));
    if (item.discountPercentage) price = price.minus(price.times(asDecimal(item.discountPercentage)).dividedBy(Decimal.HUNDRED, 6));
    return {
      Aantal: quantity.toString(),
      Eenheid: item.unitId ? units[item.unitId - 1] : '',
      Code: product ? text(product.ArtikelCode) : text(item.code),
      Omschrijving: item.description,
      PrijsPerEenheid: price.toString(),
      BTWCode: item.vatCode,
      TegenrekeningCode: text(ledger.Code),
      KostenplaatsID: item.costCenterId ?? 0,
    };
  });
  let debtorLedger: string | undefined;
  if (f.mutation) {
    const ledger = f.mutation.ledgerId ? view.ledgerById(f.mutation.ledgerId) : administration.getLedgers({ ID: 0, Categorie: 'DEB' })[0];
    if (!ledger) throw invalid('MUT_007', 'mutation.ledgerId');
    if (text(ledger.Categorie) !== 'DEB') throw invalid('MUT_011', 'mutation.ledgerId'); // [inferred]: the entry of a sales invoice is on a debtors ledger
    debtorLedger = text(ledger.Code);
    const reference = f.mutation.paymentReference;
    if (f.mutation.checkPaymentReference && reference && view.extras.paymentReferences.has(reference)) throw invalid('FACT_VERWERK_004', 'mutation.paymentReference');
  }
  checkOpen(view, f.date, 'FACT_VERWERK_001', 'date');
  let booked: string;
  try {
    booked = administration.addInvoice(
      {
        Factuurnummer: number,
        Relatiecode: text(relation.Code),
        Datum: f.date,
        Betalingstermijn: f.termOfPayment,
        Factuursjabloon: text(template.name),
        PerEmailVerzenden: Boolean(f.email),
        InBoekhoudingPlaatsen: Boolean(f.mutation),
        BoekhoudmutatieOmschrijving: text(f.mutation?.description),
        Regels: { cFactuurRegel: lines },
      },
      { inEx: inExVat as 'IN' | 'EX', debtorLedger },
    );
  } catch (error) {
    return translate(error, { EFAC002: 'FACT_101', M006: 'MUT_019', EMUT004: 'FACT_VERWERK_001', EMUT006: 'FACT_ITEM_014', EMUT007: 'FACT_ITEM_012', EMUT002: 'FACT_002' });
  }
  view.extras.invoices.set(booked, { templateId: f.templateId, reference: f.reference, text: f.text, inExVat, print: f.print === true });
  if (f.mutation?.paymentReference) view.extras.paymentReferences.add(f.mutation.paymentReference);
  return { id: administration.invoiceRecords().length, invoiceNumber: booked, inExVat };
}

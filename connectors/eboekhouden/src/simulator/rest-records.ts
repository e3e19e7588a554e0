/**
 * The REST view of one administration: the records the SOAP side stores (Dutch wire records with
 * codes) shown as the REST API's JSON (numeric ids, camelCase names). Ids are the SOAP records'
 * own: a ledger's `ID`, a relation's `ID`, a mutation's `MutatieNr`, a cost centre's
 * `KostenplaatsId`, an article's `ArtikelID`; an invoice's id is its position in the
 * administration (the SOAP API gives invoices no id). So a booking made over either API reads
 * the same over the other.
 */
import { Decimal } from '@koppelwerk/core';
import { text } from '../wire-format';
import { ENUMS } from '../soap/wsdl/soap-contract';
import type { RestAdministrationExtras } from './rest-state';
import type { SimAdministration } from './sim-administration';
import { wireList } from './sim-wire';

type Raw = Record<string, unknown>;

const SOORTEN = ENUMS.enMutatieSoorten;

/** REST mutation type (0 opening balance, 1–7) of a SOAP Soort, and back. */
export function restType(soort: string): number {
  return SOORTEN.indexOf(soort);
}
export function soapSoort(type: number): string {
  return SOORTEN[type];
}

const money = (value: unknown) => Number(Decimal.parse(text(value) || '0').toFixed(2));
const dateOf = (value: unknown) => text(value).slice(0, 10);
const optional = (value: unknown) => (text(value) === '' ? undefined : text(value));
const idOrUndefined = (value: unknown) => (Number(value) > 0 ? Number(value) : undefined);

export class RestView {
  private ledgerByCode: Map<string, Raw> | null = null;

  constructor(
    readonly administration: SimAdministration,
    readonly extras: RestAdministrationExtras,
  ) {}

  // --- look-ups ----------------------------------------------------------------------------------

  ledgers(): Raw[] {
    return this.administration.getLedgers({ ID: 0 });
  }

  ledgerById(id: number | null | undefined): Raw | undefined {
    return id ? this.administration.getLedgers({ ID: id })[0] : undefined;
  }

  ledgerId(code: unknown): number | undefined {
    this.ledgerByCode ??= new Map(this.ledgers().map((l) => [text(l.Code), l]));
    return idOrUndefined(this.ledgerByCode.get(text(code))?.ID);
  }

  relationById(id: number | null | undefined): Raw | undefined {
    return id ? this.administration.getRelations({ ID: id })[0] : undefined;
  }

  relationId(code: unknown): number | undefined {
    return text(code) ? idOrUndefined(this.administration.relation(text(code))?.ID) : undefined;
  }

  costCentres(): Raw[] {
    return this.administration.getCostCentres({});
  }

  template(id: number): Raw | undefined {
    return this.extras.templates.find((t) => Number(t.id) === id);
  }

  units(): string[] {
    return [...new Set(this.administration.getArticles({}).map((a) => text(a.Eenheid)).filter(Boolean))];
  }

  /** Invoices with their REST ids (position, from 1). */
  invoices(): { id: number; record: Raw }[] {
    return this.administration.invoiceRecords().map((record, index) => ({ id: index + 1, record }));
  }

  // --- JSON --------------------------------------------------------------------------------------

  ledgerJson(l: Raw): Raw {
    return { id: Number(l.ID), code: text(l.Code), description: text(l.Omschrijving), category: text(l.Categorie), group: text(l.Groep) };
  }

  relationListJson(r: Raw): Raw {
    return { id: Number(r.ID), type: text(r.BP) || 'B', code: text(r.Code) };
  }

  relationJson(r: Raw): Raw {
    const json: Raw = {
      ...this.relationListJson(r),
      date: dateOf(r.AddDatum),
      name: text(r.Bedrijf),
      salutation: text(r.Aanhef),
      contact: text(r.Contactpersoon),
      gender: optional(r.Geslacht),
      address: text(r.Adres),
      postalCode: text(r.Postcode),
      city: text(r.Plaats),
      country: text(r.Land),
      address2: text(r.Adres2),
      postalCode2: text(r.Postcode2),
      city2: text(r.Plaats2),
      country2: text(r.Land2),
      phoneNumber: text(r.Telefoon),
      mobilePhoneNumber: text(r.GSM),
      faxNumber: text(r.FAX),
      emailAddress: text(r.Email),
      website: text(r.Site),
      note: text(r.Notitie),
      vatNumber: text(r.BTWNummer),
      companyRegistrationNumber: text(r.KvkNummer),
      iban: text(r.IBAN),
      bic: text(r.BIC),
      ledgerId: idOrUndefined(r.Gb_ID),
    };
    for (let i = 1; i <= 10; i++) json[`freeText${i}`] = text(r[`Def${i}`]);
    return json;
  }

  costCentreJson(k: Raw): Raw {
    return { id: Number(k.KostenplaatsId), description: text(k.Omschrijving), parentId: Number(k.KostenplaatsParentId) || 0, active: true };
  }

  private rows(m: Raw): Raw[] {
    return wireList<Raw>(m.MutatieRegels, 'cMutatieListRegel');
  }

  mutationListJson(m: Raw): Raw {
    return {
      id: Number(m.MutatieNr),
      type: restType(text(m.Soort)),
      date: dateOf(m.Datum),
      invoiceNumber: text(m.Factuurnummer),
      ledgerId: this.ledgerId(m.Rekening),
      // "The amount of the mutation": not defined further; the simulator gives the total incl. VAT.
      amount: Number(Decimal.sum(this.rows(m).map((r) => Decimal.parse(text(r.BedragInclBTW) || '0'))).toFixed(2)),
      entryNumber: text(m.Boekstuk),
    };
  }

  mutationJson(m: Raw): Raw {
    const descriptions = this.extras.rowDescriptions.get(Number(m.MutatieNr)) ?? [];
    const vat = new Map<string, Decimal>();
    const rows = this.rows(m).map((r, index) => {
      const code = text(r.BTWCode);
      vat.set(code, (vat.get(code) ?? Decimal.ZERO).plus(Decimal.parse(text(r.BedragBTW) || '0')));
      return {
        ledgerId: this.ledgerId(r.TegenrekeningCode),
        vatCode: code,
        vatAmount: money(r.BedragBTW),
        costCenterId: idOrUndefined(r.KostenplaatsID),
        amount: money(r.BedragInvoer),
        description: descriptions[index] ?? '',
        invoiceNumber: optional(r.Factuurnummer),
      };
    });
    return {
      id: Number(m.MutatieNr),
      type: restType(text(m.Soort)),
      date: dateOf(m.Datum),
      description: text(m.Omschrijving),
      termOfPayment: Number(text(m.Betalingstermijn)) || 0,
      ledgerId: this.ledgerId(m.Rekening),
      relationId: this.relationId(m.RelatieCode),
      inExVat: text(m.InExBTW) || 'EX',
      invoiceNumber: text(m.Factuurnummer),
      entryNumber: text(m.Boekstuk),
      rows,
      vat: [...vat.entries()].map(([vatCode, amount]) => ({ vatCode, amount: Number(amount.toFixed(2)) })),
    };
  }

  invoiceListJson(id: number, f: Raw): Raw {
    // Invoices made over SOAP have no template id here: the SOAP side does not keep the template.
    const extra = this.extras.invoices.get(text(f.Factuurnummer)) ?? {};
    return {
      id,
      invoiceNumber: text(f.Factuurnummer),
      relationId: this.relationId(f.Relatiecode),
      date: dateOf(f.Datum),
      reference: text(extra.reference),
      text: text(extra.text),
      urlPdfFile: text(f.URLPDFBestand),
      totalExcl: money(f.TotaalExclBTW),
      totalAmount: money(f.TotaalInclBTW),
      vatAmount: money(f.TotaalBTW),
      termOfPayment: Number(f.Betalingstermijn) || 0,
      templateId: extra.templateId,
      print: extra.print === true,
    };
  }

  invoiceJson(id: number, f: Raw): Raw {
    const extra = this.extras.invoices.get(text(f.Factuurnummer)) ?? {};
    const { print: _print, ...listed } = this.invoiceListJson(id, f);
    return {
      ...listed,
      inExVat: text(extra.inExVat) || 'EX',
      emailTemplateId: extra.emailTemplateId,
      items: wireList<Raw>(f.Regels, 'cFactuurRegel').map((line) => ({
        quantity: Number(text(line.Aantal)),
        code: text(line.Code),
        description: text(line.Omschrijving),
        pricePerUnit: Number(text(line.PrijsPerEenheid)),
        vatCode: text(line.BTWCode),
        ledgerId: this.ledgerId(line.TegenrekeningCode),
        costCenterId: idOrUndefined(line.KostenplaatsID),
        unitId: this.unitId(line.Eenheid),
      })),
    };
  }

  /** A unit's id: its position among the units the articles use (the SOAP API has unit names only). */
  unitId(name: unknown): number | undefined {
    const index = this.units().indexOf(text(name));
    return index < 0 ? undefined : index + 1;
  }

  /** Product groups: the distinct `GroepCode`s of the articles, numbered from 1 in article order (the SOAP API has no group ids). */
  productGroups(): Raw[] {
    const groups = new Map<string, Raw>();
    for (const a of this.administration.getArticles({})) {
      const code = text(a.GroepCode);
      if (code && !groups.has(code)) groups.set(code, { id: groups.size + 1, code, description: text(a.GroepOmschrijving) });
    }
    return [...groups.values()];
  }

  productListJson(a: Raw): Raw {
    return { id: Number(a.ArtikelID), code: text(a.ArtikelCode), description: text(a.ArtikelOmschrijving), unitId: this.unitId(a.Eenheid), active: a.Actief !== false && text(a.Actief) !== 'false' };
  }

  /** The documented Product: the list item plus group, prices, VAT code, ledger and cost centre. */
  productJson(a: Raw): Raw {
    return {
      ...this.productListJson(a),
      groupId: this.productGroups().find((g) => g.code === text(a.GroepCode))?.id,
      purchasePriceExcl: money(a.InkoopprijsExclBTW),
      priceExcl: money(a.VerkoopprijsExclBTW),
      priceIncl: money(a.VerkoopprijsInclBTW),
      vat: optional(a.BTWCode),
      ledgerId: this.ledgerId(a.TegenrekeningCode),
      costCenterId: idOrUndefined(a.KostenplaatsID),
    };
  }
}

/**
 * The REST API speaks numeric ids where the mapping (and SOAP) speak codes: ledgers by code,
 * relations by code, invoice templates by name, cost centres by description, units by name. Each
 * list is read once per run, on first need (again after a failed read); a code the list lacks is
 * asked for once more by itself, in case it was added since.
 */
import { ConfigurationError, RecordError } from '@koppelwerk/core';
import type { RestClient } from './rest-client';
import type { RestCostCenter, RestInvoiceTemplate, RestLedger, RestRelationItem, RestUnit } from './rest-wire';
import { worded } from '../eboekhouden-messages';

export class RestReferenceIds {
  private readonly loaded = new Map<string, Promise<unknown>>();

  constructor(private readonly client: RestClient) {}

  /** Every ledger of the administration (GET /v1/ledger), once per run. */
  ledgers(): Promise<RestLedger[]> {
    return this.once('ledgers', () => this.client.list<RestLedger>('/v1/ledger'));
  }

  /** The id of the ledger with this code; a record error naming `field` when there is none. */
  async ledgerId(code: string, field: string): Promise<number> {
    const ledgers = await this.ledgers();
    let ledger = ledgers.find((l) => l.code === code);
    if (!ledger) {
      ledger = (await this.client.list<RestLedger>('/v1/ledger', { code })).find((l) => l.code === code);
      if (ledger) ledgers.push(ledger);
    }
    if (typeof ledger?.id !== 'number') {
      throw new RecordError(...worded('EB_UNKNOWN_LEDGER', { field, ledger: code }, { field }));
    }
    return ledger.id;
  }

  /** The debtors ledger an invoice is journalled on: the administration's DEB ledger (the lowest code when it has several). */
  async debtorsLedgerId(): Promise<number | undefined> {
    const debtors = (await this.ledgers()).filter((l) => l.category === 'DEB' && typeof l.id === 'number');
    debtors.sort((a, b) => String(a.code).localeCompare(String(b.code), 'nl', { numeric: true }));
    return debtors[0]?.id;
  }

  /** Relation code -> id for every relation (GET /v1/relation), once per run. */
  relations(): Promise<Map<string, number>> {
    return this.once('relations', async () => {
      const map = new Map<string, number>();
      for (const r of await this.client.list<RestRelationItem>('/v1/relation')) {
        if (r.code && typeof r.id === 'number') map.set(r.code, r.id);
      }
      return map;
    });
  }

  /** The id of the relation with exactly this code, asking e-Boekhouden once more when this run has not seen it. */
  async relationId(code: string): Promise<number | undefined> {
    const relations = await this.relations();
    const known = relations.get(code);
    if (known !== undefined) return known;
    const found = (await this.client.list<RestRelationItem>('/v1/relation', { code })).find((r) => r.code === code && typeof r.id === 'number');
    if (found) relations.set(code, found.id as number);
    return found?.id;
  }

  async rememberRelation(code: string, id: number): Promise<void> {
    (await this.relations()).set(code, id);
  }

  /** The id of the invoice template with this name (case and spacing as the user may type them). */
  async templateId(name: string, field: string): Promise<number> {
    const templates = await this.once('templates', () => this.client.list<RestInvoiceTemplate>('/v1/invoicetemplate'));
    const wanted = normalise(name);
    const template = templates.find((t) => normalise(t.name) === wanted && t.active !== false) ?? templates.find((t) => normalise(t.name) === wanted);
    if (typeof template?.id !== 'number') {
      const names = templates.map((t) => `"${t.name ?? ''}"`).join(', ');
      throw new RecordError(...worded('EB_UNKNOWN_TEMPLATE', { field, name, names }, { field }));
    }
    return template.id;
  }

  /** The id of the configured cost centre; a configuration error when e-Boekhouden has none by that description. */
  async costCenterId(description: string): Promise<number> {
    const centres = await this.once('costCenters', () => this.client.list<RestCostCenter>('/v1/costcenter'));
    const centre = centres.find((c) => normalise(c.description) === normalise(description));
    if (typeof centre?.id !== 'number') {
      const known = centres.map((c) => `"${c.description ?? ''}"`).join(', ');
      throw new ConfigurationError([worded.problem('sink.settings.costCenter', 'EB_NO_COST_CENTER', { description, known })]);
    }
    return centre.id;
  }

  /** Every unit (GET /v1/unit), once per run. */
  units(): Promise<RestUnit[]> {
    return this.once('units', () => this.client.list<RestUnit>('/v1/unit'));
  }

  /** The id of the unit with this name (singular or plural), if e-Boekhouden has one. */
  async unitId(name: string): Promise<number | undefined> {
    const wanted = normalise(name);
    if (!wanted) return undefined;
    const unit = (await this.units()).find((u) => normalise(u.singular) === wanted || normalise(u.plural) === wanted);
    return unit?.id;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.loaded.get(key) as Promise<T> | undefined;
    if (!pending) {
      const loading = load();
      pending = loading;
      this.loaded.set(key, loading);
      loading.catch(() => {
        if (this.loaded.get(key) === loading) this.loaded.delete(key);
      });
    }
    return pending;
  }
}

function normalise(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

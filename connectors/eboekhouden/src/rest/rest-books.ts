/**
 * The books of a period over REST: GET /v1/mutation with `date[range]=<from>,<to>` (both days
 * included), REST_PAGE_SIZE mutations per page. A list item carries no rows and no relation, so
 * each listed invoice (type 2 sent, 1 received) with an invoice number is read once more by its id
 * (GET /v1/mutation/{id}, DETAIL_CONCURRENCY at a time); ledger and relation ids become codes
 * through the lists a run reads once anyway (GET /v1/ledger, GET /v1/relation), a relation added
 * since by its id. A mutation of another type with an invoice number (a payment, type 3 or 4,
 * carries the number of the invoice it pays) is given as listed, kind `other`, without rows or
 * relation: reconciliation needs only to know it is no invoice.
 *
 * Calls for a period of N mutations of which M are invoices with an invoice number: POST
 * /v1/session (once per run), floor(N / 2000) + 1 list pages, M detail reads, plus the ledger and
 * relation lists when the run has not read them yet (a page per 2,000 records). Mutations of other
 * types cost no detail read (one whose list item leaves its type out is read, to learn it);
 * mutations without an invoice number are left out, as over SOAP.
 */
import { RejectedError, type BookingPeriod, type BooksEntry } from '@koppelwerk/core';
import { worded } from '../eboekhouden-messages';
import { mapLimited } from './map-limited';
import { bookedKind, fromRestMutation, type RestCodes } from './mappers/rest-books-mapper';
import type { RestClient } from './rest-client';
import type { RestReferenceIds } from './rest-ids';
import type { RestMutation, RestMutationItem, RestRelation } from './rest-wire';

export class RestBooks {
  /** Relation codes by id, built from the run's relation list on first need. */
  private relationCodes: Map<number, string> | undefined;

  constructor(
    private readonly client: RestClient,
    private readonly ids: RestReferenceIds,
  ) {}

  async *mutations(period: BookingPeriod): AsyncGenerator<BooksEntry[]> {
    const query = { 'date[range]': `${period.from},${period.to}` };
    for await (const page of this.client.pages<RestMutationItem>('/v1/mutation', query)) {
      const listed = page.filter((m) => (m.invoiceNumber ?? '') !== '');
      const details = await mapLimited(listed, (item) => (listedAsOther(item) ? Promise.resolve(undefined) : this.detail(item)));
      const codes = await this.codes(details.filter((d): d is RestMutation => d !== undefined));
      // A mutation not read in detail is given as listed (kind other, no rows, no relation).
      yield listed.map((item, i) => fromRestMutation(item, details[i] ?? item, codes));
    }
  }

  private detail(item: RestMutationItem): Promise<RestMutation> {
    // Some list answers were seen to carry id 0: without the id its rows cannot be read.
    if (typeof item.id !== 'number' || item.id <= 0) {
      return Promise.reject(new RejectedError(...worded('EB_REST_NO_MUTATION_ID', { invoiceNumber: item.invoiceNumber ?? '', date: item.date ?? '' })));
    }
    return this.client.get<RestMutation>(`/v1/mutation/${item.id}`);
  }

  /** The codes of the ledgers and relations these mutations name. */
  private async codes(details: RestMutation[]): Promise<RestCodes> {
    const ledgers = new Map<number, string>();
    for (const l of await this.ids.ledgers()) if (typeof l.id === 'number' && l.code) ledgers.set(l.id, l.code);
    const relations = await this.relationsById();
    const unknown = [...new Set(details.map((d) => d.relationId).filter((id): id is number => typeof id === 'number' && id > 0 && !relations.has(id)))];
    for (const relation of await mapLimited(unknown, (id) => this.client.get<RestRelation>(`/v1/relation/${id}`))) {
      if (typeof relation?.id === 'number' && relation.code) relations.set(relation.id, relation.code);
    }
    return {
      ledger: (id) => (id === undefined ? undefined : ledgers.get(id)),
      relation: (id) => (id === undefined ? undefined : relations.get(id)),
    };
  }

  private async relationsById(): Promise<Map<number, string>> {
    if (!this.relationCodes) {
      const byId = new Map<number, string>();
      for (const [code, id] of await this.ids.relations()) byId.set(id, code);
      this.relationCodes = byId;
    }
    return this.relationCodes;
  }
}

/** The list item says its type, and it is no invoice: its rows and relation are not needed. */
function listedAsOther(item: RestMutationItem): boolean {
  return typeof item.type === 'number' && bookedKind(item.type) === 'other';
}

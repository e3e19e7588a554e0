/**
 * The two reference integrations the e2e bench (e2e.bench.ts) measures the engine against, each run
 * as a worker process of its own (`runWorker`):
 *   raw     the ceiling: the engine's own mutations (as e-Boekhouden stored them) sent again as bare
 *           AddMutatie calls from a plain `soap` client on one session, `concurrency` in flight,
 *           into a fresh simulator (their relations are added first, untimed);
 *   naive   per order, sequentially: open a session, look the relation up, add it if missing, add
 *           the mutation, close the session; what a first integration often looks like.
 * Not a test.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as soap from 'soap';
import { ownPeakRssMb } from './bench-support';

export interface SinkAccess {
  endpoint: string;
  credentials: { username: string; securityCode1: string; securityCode2: string };
}

export interface RawInput extends SinkAccess {
  /** A JSON file with the mutations to send, as e-Boekhouden stored them. */
  mutationsFile: string;
  concurrency: number;
}

export interface NaiveInput extends SinkAccess {
  shopUrl: string;
  shopCredentials: { token: string; partner_token: string };
  maxOrders: number;
}

export interface WorkerResult {
  seconds: number;
  booked: number;
  peakRssMb: number;
}

// A plain soap client, as the raw ceiling and the naive integration use it.

type SoapCall = (operation: string, args: unknown) => Promise<Record<string, unknown>>;

async function plainSoapClient(access: SinkAccess): Promise<SoapCall> {
  const client = (await soap.createClientAsync(`${access.endpoint}?wsdl`, { endpoint: access.endpoint })) as unknown as Record<string, (a: unknown) => Promise<[Record<string, unknown>]>>;
  return async (operation, args) => {
    const [result] = (await client[`${operation}Async`](args)) ?? [];
    const answer = (result?.[`${operation}Result`] ?? {}) as Record<string, unknown>;
    const error = (answer.ErrorMsg ?? {}) as { LastErrorCode?: string; LastErrorDescription?: string };
    if (error.LastErrorCode) throw new Error(`${operation}: ${error.LastErrorCode} ${error.LastErrorDescription ?? ''}`);
    return answer;
  };
}

function mutation(invoiceNumber: string, relationCode: string, date: string, inclCents: number): Record<string, unknown> {
  const exclCents = Math.round(inclCents / 1.21);
  const euros = (value: number) => (value / 100).toFixed(2);
  return {
    MutatieNr: 0,
    Soort: 'FactuurVerstuurd',
    Datum: date,
    Rekening: '1300',
    RelatieCode: relationCode,
    Factuurnummer: invoiceNumber,
    Omschrijving: `Order ${invoiceNumber}`,
    InExBTW: 'IN',
    MutatieRegels: {
      cMutatieRegel: [
        { BedragInvoer: euros(inclCents), BedragExclBTW: euros(exclCents), BedragBTW: euros(inclCents - exclCents), BedragInclBTW: euros(inclCents), BTWCode: 'HOOG_VERK_21', BTWPercentage: '21', TegenrekeningCode: '8000', KostenplaatsID: 0 },
      ],
    },
  };
}

type StoredMutation = Record<string, unknown> & { MutatieRegels?: { cMutatieListRegel?: Record<string, unknown>[] } };

/** A stored mutation as the AddMutatie request that would store it again. */
function asRequest(stored: StoredMutation): Record<string, unknown> {
  const rows = stored.MutatieRegels?.cMutatieListRegel ?? [];
  return {
    MutatieNr: 0,
    Soort: stored.Soort,
    Datum: String(stored.Datum).slice(0, 10),
    Rekening: stored.Rekening,
    RelatieCode: stored.RelatieCode,
    Factuurnummer: stored.Factuurnummer,
    Boekstuk: stored.Boekstuk,
    Omschrijving: stored.Omschrijving,
    Betalingstermijn: stored.Betalingstermijn,
    InExBTW: stored.InExBTW,
    MutatieRegels: {
      cMutatieRegel: rows.map((row) => ({
        BedragInvoer: row.BedragInvoer,
        BedragExclBTW: row.BedragExclBTW,
        BedragBTW: row.BedragBTW,
        BedragInclBTW: row.BedragInclBTW,
        BTWCode: row.BTWCode,
        BTWPercentage: row.BTWPercentage,
        TegenrekeningCode: row.TegenrekeningCode,
        KostenplaatsID: row.KostenplaatsID ?? 0,
      })),
    },
  };
}

// The raw ceiling: the same mutations as bare AddMutatie calls on one session, `concurrency` in flight.

export async function rawWorker(input: RawInput): Promise<WorkerResult> {
  const mutations = (JSON.parse(readFileSync(input.mutationsFile, 'utf8')) as StoredMutation[]).map(asRequest);
  const call = await plainSoapClient(input);
  const { username, securityCode1, securityCode2 } = input.credentials;
  const { SessionID } = (await call('OpenSession', { Username: username, SecurityCode1: securityCode1, SecurityCode2: securityCode2, Source: 'raw' })) as { SessionID: string };
  const inFlight = async <T>(items: T[], send: (item: T) => Promise<unknown>) => {
    let next = 0;
    const worker = async () => {
      while (next < items.length) await send(items[next++]);
    };
    await Promise.all(Array.from({ length: input.concurrency }, worker));
  };
  // Untimed: the relations the mutations name.
  const today = new Date().toISOString().slice(0, 10);
  const codes = [...new Set(mutations.map((m) => String(m.RelatieCode)))];
  await inFlight(codes, (Code) => call('AddRelatie', { SessionID, SecurityCode2: securityCode2, oRel: { ID: 0, AddDatum: today, Code, Bedrijf: `Relation ${Code}`, BP: 'B', LA: '0', Gb_ID: 0, GeenEmail: 0, NieuwsbriefgroepenCount: 0 } }));
  const started = process.hrtime.bigint();
  await inFlight(mutations, (oMut) => call('AddMutatie', { SessionID, SecurityCode2: securityCode2, oMut }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await call('CloseSession', { SessionID });
  return { seconds, booked: mutations.length, peakRssMb: ownPeakRssMb() };
}

// The naive reference: what a first integration often looks like.

interface NaiveOrder {
  number?: string | number;
  date?: string;
  status?: number | string;
  debtor?: { email?: string; name?: string };
  order_lines?: { price?: { amount_including_tax?: string } | { amount_including_tax?: string }[] }[];
}

function naiveTotalCents(order: NaiveOrder): number {
  let total = 0;
  for (const line of order.order_lines ?? []) {
    const prices = Array.isArray(line.price) ? line.price : line.price ? [line.price] : [];
    for (const price of prices) total += Math.round(Number(price.amount_including_tax ?? 0) * 100);
  }
  return Math.abs(total);
}

export async function naiveWorker(input: NaiveInput): Promise<WorkerResult> {
  const call = await plainSoapClient(input);
  const { username, securityCode1, securityCode2 } = input.credentials;
  const started = process.hrtime.bigint();
  let booked = 0;
  for (let offset = 0; booked < input.maxOrders; offset += 100) {
    const query = new URLSearchParams({ ...input.shopCredentials, format: 'json', limit: '100', offset: String(offset), ordering: 'asc' });
    const orders = (await (await fetch(`${input.shopUrl}/v1/orders?${query}`)).json()) as NaiveOrder[];
    for (const order of orders) {
      if (booked >= input.maxOrders) break;
      if (![2, 3, 6].includes(Number(order.status))) continue;
      const email = order.debtor?.email ?? `order-${order.number}@example.com`;
      const code = `NAI${createHash('sha1').update(email).digest('hex').slice(0, 12).toUpperCase()}`;
      const { SessionID } = (await call('OpenSession', { Username: username, SecurityCode1: securityCode1, SecurityCode2: securityCode2, Source: 'naive' })) as { SessionID: string };
      const found = await call('GetRelaties', { SessionID, SecurityCode2: securityCode2, cFilter: { Code: code, ID: 0 } });
      if (!found.Relaties) {
        const today = new Date().toISOString().slice(0, 10);
        await call('AddRelatie', {
          SessionID,
          SecurityCode2: securityCode2,
          oRel: { ID: 0, AddDatum: today, Code: code, Bedrijf: order.debtor?.name ?? email, Email: email, BP: 'P', LA: '0', Gb_ID: 0, GeenEmail: 0, NieuwsbriefgroepenCount: 0 },
        });
      }
      await call('AddMutatie', { SessionID, SecurityCode2: securityCode2, oMut: mutation(`NAI-${order.number}`, code, String(order.date ?? '2025-03-03').slice(0, 10), naiveTotalCents(order)) });
      await call('CloseSession', { SessionID });
      booked++;
    }
    if (orders.length < 100) break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, booked, peakRssMb: ownPeakRssMb() };
}

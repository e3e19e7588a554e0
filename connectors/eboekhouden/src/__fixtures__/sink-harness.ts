/** Test wiring: a simulator on loopback and a sink built through the manifest's DI module, as the runner builds it; over SOAP or REST. */
import {
  AccountingSink,
  MemoryLogger,
  Redactor,
  collectSecrets,
  createTenantContainer,
  dec,
  parseConfig,
  type JournalEntry,
  type JournalRow,
  type LocalDate,
  type RelationToEnsure,
} from '@koppelwerk/core';
import { eboekhoudenConfigSchema, type EboekhoudenConfigInput } from '../eboekhouden-config';
import { eboekhoudenManifest } from '../eboekhouden-manifest';
import { startEboekhoudenSimulator, type EboekhoudenSimulator, type EboekhoudenSimulatorOptions } from '../simulator/eboekhouden-simulator';

export interface Harness {
  sim: EboekhoudenSimulator;
  sink: AccountingSink;
  logger: MemoryLogger;
  redactor: Redactor;
  /** A fresh sink (new tenant container) with other settings, on the same simulator. */
  connect(overrides?: Partial<EboekhoudenConfigInput>): AccountingSink;
  close(): Promise<void>;
}

/** The settings that reach the simulator over its chosen API (`options.api`, default SOAP). */
export function simulatorSettings(sim: EboekhoudenSimulator): EboekhoudenConfigInput {
  if (sim.api === 'rest') return { api: 'rest', accessToken: sim.accessToken, endpoint: sim.url, timeoutMs: 5000 };
  const { username, securityCode1, securityCode2 } = sim.credentials;
  return { username, securityCode1, securityCode2, endpoint: sim.endpoint, timeoutMs: 5000 };
}

export async function startHarness(options: EboekhoudenSimulatorOptions = {}, overrides: Partial<EboekhoudenConfigInput> = {}): Promise<Harness> {
  const sim = await startEboekhoudenSimulator(options);
  const logger = new MemoryLogger();
  const redactor = new Redactor();
  const sinks: AccountingSink[] = [];
  const connect = (extra: Partial<EboekhoudenConfigInput> = {}) => {
    const config = parseConfig(eboekhoudenConfigSchema, { ...simulatorSettings(sim), ...extra });
    redactor.add(collectSecrets(eboekhoudenConfigSchema, config));
    const container = createTenantContainer({ tenant: 'test', runId: 'run-1', logger, redactor, sink: { manifest: eboekhoudenManifest, config } });
    const sink = container.get<AccountingSink>(AccountingSink);
    sinks.push(sink);
    return sink;
  };
  const sink = connect(overrides);
  return {
    sim,
    sink,
    logger,
    redactor,
    connect,
    close: async () => {
      for (const s of sinks) await s.close().catch(() => undefined);
      await sim.close();
    },
  };
}

export function relationToEnsure(code: string, name = `Klant ${code}`, extra: Partial<RelationToEnsure['relation']> = {}): RelationToEnsure {
  return {
    code,
    createIfMissing: true,
    relation: { sourceId: code, role: 'debtor', kind: 'company', name, companyName: name, email: `${code.toLowerCase()}@example.nl`, ...extra },
  };
}

export function row(ledger: string, vatCode: string, rate: string, excl: string, vat: string, incl: string): JournalRow {
  return { ledger, vatCode, vatRate: dec(rate), amountExcl: dec(excl), amountVat: dec(vat), amountIncl: dec(incl) };
}

export function journalEntry(invoiceNumber: string, relationCode: string, extra: Partial<JournalEntry> = {}): JournalEntry {
  return {
    type: 'journal',
    kind: 'invoice-sent',
    date: '2024-03-15' as LocalDate,
    invoiceNumber,
    accountLedger: '1300',
    relationCode,
    description: `Factuur ${invoiceNumber}`,
    amountsIncludeVat: true,
    paymentTermDays: 14,
    rows: [row('8000', 'HOOG_VERK_21', '21', '100.00', '21.00', '121.00')],
    ...extra,
  };
}

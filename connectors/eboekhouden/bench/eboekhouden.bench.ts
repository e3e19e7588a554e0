/**
 * `npm run bench -- eboekhouden`: SOAP calls per second against the simulator on loopback, with a raw
 * node-soap client (sequential, concurrency 8 and 32), and the sink's bookings per second (relation
 * look-ups cached, as in a batch with returning customers). Prints the sink's overhead over raw calls
 * and writes the figures to $BENCH_RESULTS_DIR/eboekhouden.json. Not a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as soap from 'soap';
import { AccountingSink, Redactor, SOAP_KEEP_AS_TEXT, createTenantContainer, parseConfig, silentLogger } from '@koppelwerk/core';
import { journalEntry, relationToEnsure } from '../src/__fixtures__/sink-harness';
import { eboekhoudenConfigSchema } from '../src/eboekhouden-config';
import { eboekhoudenManifest } from '../src/eboekhouden-manifest';
import { toMutatie } from '../src/soap/mappers/mutatie-mapper';
import { startEboekhoudenSimulator } from '../src/simulator/eboekhouden-simulator';
import { SOAP_PORT, SOAP_SERVICE } from '../src/soap/wsdl/soap-contract';

const CALLS = Number(process.env.EB_BENCH_CALLS ?? 600);
const ROUNDS = 3;
const WARMUP = 200;
const CONCURRENCY = [1, 8, 32];
const CUSTOMERS = 25;

type Call = (n: number) => Promise<unknown>;

async function run(call: Call, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

async function main(): Promise<void> {
  const sim = await startEboekhoudenSimulator({ seed: { relaties: Array.from({ length: CUSTOMERS }, (_, i) => ({ Code: `K${i}`, Bedrijf: `Klant ${i}` })) } });
  const { username, securityCode1, securityCode2 } = sim.credentials;

  // Raw: a plain node-soap client from the simulator's WSDL, one session, AddMutatie with a ready-made request.
  const client = await soap.createClientAsync(`${sim.endpoint}?wsdl`, { customDeserializer: SOAP_KEEP_AS_TEXT, endpoint: sim.endpoint });
  const port = (client as unknown as Record<string, Record<string, Record<string, (args: unknown, cb: (e: unknown, r: unknown) => void) => void>>>)[SOAP_SERVICE][SOAP_PORT];
  const invoke = (operation: string, args: unknown) =>
    new Promise<Record<string, Record<string, unknown>>>((resolve, reject) => port[operation](args, (e, r) => (e ? reject(e) : resolve(r as Record<string, Record<string, unknown>>))));
  const opened = await invoke('OpenSession', { Username: username, SecurityCode1: securityCode1, SecurityCode2: securityCode2, Source: 'bench' });
  const SessionID = opened.OpenSessionResult.SessionID as string;
  let rawSeq = 0;
  const raw: Call = async (n) => {
    const oMut = toMutatie(journalEntry(`RAW-${rawSeq++}`, `K${n % CUSTOMERS}`));
    const result = await invoke('AddMutatie', { SessionID, SecurityCode2: securityCode2, oMut });
    if ((result.AddMutatieResult.ErrorMsg as Record<string, string>).LastErrorCode) throw new Error('raw call failed');
  };

  // Sink: through the manifest's module, as the runner wires it.
  const config = parseConfig(eboekhoudenConfigSchema, { username, securityCode1, securityCode2, endpoint: sim.endpoint });
  const container = createTenantContainer({ tenant: 'bench', runId: 'bench', logger: silentLogger, redactor: new Redactor(), sink: { manifest: eboekhoudenManifest, config } });
  const sink = container.get<AccountingSink>(AccountingSink);
  let sinkSeq = 0;
  const booking: Call = async (n) => {
    const code = `K${n % CUSTOMERS}`;
    await sink.ensureRelation(relationToEnsure(code));
    await sink.bookJournalEntry(journalEntry(`SINK-${sinkSeq++}`, code));
  };

  await run(raw, WARMUP, 8);
  await run(booking, WARMUP, 8);
  const results: Record<string, number> = {};
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const concurrency of CONCURRENCY) {
    // Alternate raw and sink rounds and take the median of each: the machine is shared and noisy.
    const rawRates: number[] = [];
    const sinkRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rawRates.push(await run(raw, CALLS, concurrency));
      sinkRates.push(await run(booking, CALLS, concurrency));
    }
    const rawRate = median(rawRates);
    const sinkRate = median(sinkRates);
    results[`raw_calls_per_s_c${concurrency}`] = Math.round(rawRate);
    results[`sink_bookings_per_s_c${concurrency}`] = Math.round(sinkRate);
    results[`sink_overhead_pct_c${concurrency}`] = Math.round((rawRate / sinkRate - 1) * 1000) / 10;
  }
  await sink.close();
  await sim.close();

  console.log(`e-Boekhouden SOAP on loopback, median of ${ROUNDS} alternating rounds of ${CALLS} AddMutatie calls (simulator in process)`);
  console.log('concurrency   raw calls/s   sink bookings/s   sink overhead');
  for (const concurrency of CONCURRENCY) {
    console.log(
      `${String(concurrency).padStart(11)}   ${String(results[`raw_calls_per_s_c${concurrency}`]).padStart(11)}   ${String(results[`sink_bookings_per_s_c${concurrency}`]).padStart(15)}   ${`${results[`sink_overhead_pct_c${concurrency}`]}%`.padStart(13)}`,
    );
  }
  const out = process.env.BENCH_RESULTS_DIR;
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'eboekhouden.json'), JSON.stringify({ benchmark: 'eboekhouden', calls: CALLS, node: process.version, ...results }, null, 2) + '\n');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * `koppelwerk demo --api rest` books the demo shop through e-Boekhouden's REST API and lands exactly
 * what `koppelwerk demo` (SOAP) lands: the same invoice numbers, relation codes, rows, VAT codes,
 * ledgers and amounts. Both demos run as real processes; each prints the simulator's state with
 * `--json`, and the two are compared booking by booking.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, everyFileText } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

jest.setTimeout(300_000);

const DEMO_LIMIT_MS = 240_000;

interface DemoResult {
  exitCodes: { check: number; sync: number; secondSync: number };
  relations: number;
  mutations: number;
  booked: Record<string, unknown>[];
}

async function demo(api: 'soap' | 'rest'): Promise<{ dir: string; stdout: string; result: DemoResult }> {
  const dir = scratchDir(`demo-${api}`);
  const run = await cli(['demo', '--json', '--dir', dir, ...(api === 'rest' ? ['--api', 'rest'] : [])], {}, DEMO_LIMIT_MS);
  if (run.code !== 0) throw new Error(`demo --api ${api} exited ${run.code}: ${run.stderr.slice(0, 800)}`);
  return { dir, stdout: run.stdout, result: JSON.parse(run.stdout) as DemoResult };
}

/**
 * A booking as both transports set it, keyed by invoice number. The mutation number is the
 * simulator's running number, which follows the order in which concurrent writes land.
 */
function bookings(result: DemoResult): Record<string, unknown> {
  return Object.fromEntries(
    result.booked.map(({ MutatieNr: _number, ...booking }) => [String(booking.Factuurnummer), booking]),
  );
}

describe('demo --api rest', () => {
  let soap: Awaited<ReturnType<typeof demo>>;
  let rest: Awaited<ReturnType<typeof demo>>;

  beforeAll(async () => {
    // One after the other: two demos at once would only compete for the machine's cores.
    soap = await demo('soap');
    rest = await demo('rest');
  });

  it('writes a REST tenant: api rest, an access token, the simulator base url as endpoint', () => {
    const tenant = parse(readFileSync(join(rest.dir, 'demo-webshop.yaml'), 'utf8'));
    expect(tenant.sink.settings).toEqual({ api: 'rest', accessToken: expect.stringMatching(/^\w{20,}$/) });
    expect(tenant.sink.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const soapTenant = parse(readFileSync(join(soap.dir, 'demo-webshop.yaml'), 'utf8'));
    expect(soapTenant.sink.endpoint).toMatch(/\/soap\.asmx$/);
    expect(Object.keys(soapTenant.sink.settings).sort()).toEqual(['securityCode1', 'securityCode2', 'username']);
  });

  it('books the same mutations as the SOAP demo: invoice numbers, relations, rows, VAT codes, ledgers, amounts', () => {
    expect(rest.result.exitCodes).toEqual({ check: 0, sync: 0, secondSync: 0 });
    expect(soap.result.exitCodes).toEqual({ check: 0, sync: 0, secondSync: 0 });
    expect(rest.result.mutations).toBeGreaterThan(10);
    expect(rest.result.mutations).toBe(soap.result.mutations);
    expect(rest.result.relations).toBe(soap.result.relations);
    // Every booking has rows with a VAT code, a ledger and amounts: the comparison compares something.
    for (const booking of rest.result.booked) {
      const rows = (booking.MutatieRegels as { cMutatieListRegel: Record<string, string>[] }).cMutatieListRegel;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toMatchObject({ BTWCode: expect.any(String), TegenrekeningCode: expect.stringMatching(/^\d+$/), BedragInclBTW: expect.stringMatching(/^-?\d+\.\d\d$/) });
    }
    expect(bookings(rest.result)).toEqual(bookings(soap.result));
  });

  it('keeps the access token out of the output, the logs and the state', () => {
    const tenant = parse(readFileSync(join(rest.dir, 'demo-webshop.yaml'), 'utf8'));
    const token = tenant.sink.settings.accessToken as string;
    expect(rest.stdout).not.toContain(token);
    expect(everyFileText(join(rest.dir, 'state'))).not.toContain(token);
  });
});

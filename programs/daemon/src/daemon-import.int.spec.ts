/** The daemon runs both WerkbonApp directions on one cadence: the import, then the work orders. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startWerkbonappSimulator, type RunningWerkbonappSimulator } from '@koppelwerk/werkbonapp/simulator';
import { stringify } from 'yaml';
import { createRegistry, loadTenantConfig } from '@koppelwerk/runtime';
import { runtimeWork } from './runtime-work';
import { scratchDir } from '@koppelwerk/runtime/testing';

describe('a daemon run of a WerkbonApp tenant', () => {
  let bookkeeping: EboekhoudenSimulator;
  let werkbonapp: RunningWerkbonappSimulator;

  beforeAll(async () => {
    const relaties = ['D1', 'D2', 'D3'].map((code, i) => ({ Code: code, BP: 'B', Bedrijf: `Klant ${i}`, Adres: 'Straat 1', Postcode: '1234 AB', Plaats: 'Utrecht' }));
    const artikelen = [
      { ArtikelID: 1, ArtikelCode: 'UUR-1', ArtikelOmschrijving: 'Montage', Eenheid: 'UUR', InkoopprijsExclBTW: '0', VerkoopprijsExclBTW: '50.00', VerkoopprijsInclBTW: '60.50', BTWCode: 'HOOG_VERK_21', BtwPercentage: '21', KostenplaatsID: 0, Actief: true },
      { ArtikelID: 2, ArtikelCode: 'MAT-1', ArtikelOmschrijving: 'Kabel', Eenheid: 'STUK', InkoopprijsExclBTW: '1', VerkoopprijsExclBTW: '2.00', VerkoopprijsInclBTW: '2.42', BTWCode: 'HOOG_VERK_21', BtwPercentage: '21', KostenplaatsID: 0, Actief: true },
    ];
    bookkeeping = await startEboekhoudenSimulator({ port: 0, seed: { relaties, artikelen } });
    werkbonapp = await startWerkbonappSimulator({ port: 0, seed: { workorders: [] } });
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), werkbonapp?.close()]);
  });

  it('imports relations, materials and hour types before syncing work orders', async () => {
    const file = join(scratchDir('daemon-import'), 'werkbon.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'werkbon',
        source: { connector: 'werkbonapp', endpoint: werkbonapp.url, settings: werkbonapp.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
      }),
    );
    const summary = await runtimeWork.sync(loadTenantConfig(file, createRegistry()), new AbortController().signal);
    expect(summary.exitCode).toBe(0);
    expect(werkbonapp.relations()).toHaveLength(3);
    expect(werkbonapp.materials()).toHaveLength(1);
    expect(werkbonapp.hourTypes()).toHaveLength(1);
  });
});

import { AuthenticationError, ConfigurationError, RejectedError } from '@koppelwerk/core';
import { startHarness, type Harness } from './__fixtures__/werkbonapp-harness';
import { generateWorkOrders } from './simulator/generate-work-data';

const LIST_CALL = 'GET /openapi/:version/GetWorkorders';

describe('WerkbonappSource reading work orders', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('delivers only Compleet work orders in work status "1 naar E-boekhouden", never archived ones', async () => {
    const complete = generateWorkOrders({ count: 3, firstId: 100 });
    const otherStatus = generateWorkOrders({ count: 1, firstId: 200, status: 'Opgehaald' });
    const otherWorkStatus = generateWorkOrders({ count: 1, firstId: 300, workStatus: '2' });
    const archived = generateWorkOrders({ count: 1, firstId: 400 }).map((o) => ({ ...o, Archived: '1' }));
    harness = await startHarness({ seed: { workorders: [...complete, ...otherStatus, ...otherWorkStatus, ...archived] } });
    const items = await harness.read();
    expect(items.map((item) => item.key)).toEqual(['100', '101', '102']);
    expect(items.every((item) => item.ok)).toBe(true);
  });

  it('reading changes nothing in WerkbonApp: every fetch says update_status=false', async () => {
    harness = await startHarness({ seed: { workorders: generateWorkOrders({ count: 4 }) } });
    await harness.read();
    await harness.read();
    expect(harness.sim.workorders().map((o) => o.status)).toEqual(['Compleet', 'Compleet', 'Compleet', 'Compleet']);
    expect(harness.sim.server.calls.count(LIST_CALL)).toBe(2);
  });

  it('acknowledging moves exactly that one work order to Afgehandeld, so it is not read again', async () => {
    harness = await startHarness({ seed: { workorders: generateWorkOrders({ count: 3, firstId: 10 }) } });
    await harness.source.acknowledge!('11', 'WB000011');
    expect(harness.sim.workorders().map((o) => [o.id, o.status])).toEqual([['10', 'Compleet'], ['11', 'Afgehandeld'], ['12', 'Compleet']]);
    expect((await harness.read()).map((item) => item.key)).toEqual(['10', '12']);
  });

  it('with the saved cursor, a work order still Compleet (parked) is not delivered again; one that returns later is', async () => {
    harness = await startHarness({ seed: { workorders: generateWorkOrders({ count: 2, firstId: 10 }) } });
    let cursor: string | null = null;
    const readFrom = async () => {
      const keys: string[] = [];
      for await (const page of harness.source.read({ cursor })) {
        keys.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor;
      }
      return keys;
    };
    expect(await readFrom()).toEqual(['10', '11']);
    expect(await readFrom()).toEqual([]);
    await harness.source.acknowledge!('11', 'x');
    expect(await readFrom()).toEqual([]);
    harness.sim.workorders()[1].status = 'Compleet'; // reopened and completed again
    expect(await readFrom()).toEqual(['11']);
  });

  it('fetches one work order again (retry, explain): a handled one too, but not one still being worked on, and says so when it is gone', async () => {
    const reopened = generateWorkOrders({ count: 1, firstId: 12, status: 'Opgehaald' });
    harness = await startHarness({ seed: { workorders: [...generateWorkOrders({ count: 2, firstId: 10 }), ...reopened] } });
    expect(await harness.source.fetch!('10')).toMatchObject({ ok: true, key: '10', record: { sourceId: '10' } });
    expect(harness.sim.workorders()[0].status).toBe('Compleet');
    await harness.source.acknowledge!('11', 'x');
    expect(await harness.source.fetch!('11')).toMatchObject({ ok: true, key: '11', record: { sourceId: '11', status: 'Afgehandeld' } });
    expect(await harness.source.fetch!('12')).toMatchObject({
      ok: false,
      error: { code: 'WBA_NOT_COMPLETE', message: 'work order 12 has status "Opgehaald": it is not finished (Compleet) yet' },
    });
    expect(await harness.source.fetch!('99')).toMatchObject({ ok: false, error: { code: 'WBA_NOT_FOUND' } });
    // Fetching changes nothing in WerkbonApp.
    expect(harness.sim.workorders().map((o) => o.status)).toEqual(['Compleet', 'Afgehandeld', 'Opgehaald']);
  });

  it('delivers an unreadable work order as a failed item and goes on with the rest', async () => {
    const [good, bad] = generateWorkOrders({ count: 2, firstId: 10 });
    bad.Materials = [{ MaterialCode: 'X', MaterialNr: 'veel', MaterialName: 'Schroeven' }];
    harness = await startHarness({ seed: { workorders: [good, bad] } });
    const items = await harness.read();
    expect(items.map((item) => [item.key, item.ok])).toEqual([['10', true], ['11', false]]);
    expect(items[1]).toMatchObject({ error: { field: 'Materials[0].MaterialNr' } });
  });

  it('honours a configured work status by code or name, and names the customer\'s list when it does not exist', async () => {
    const seed = { workorders: [...generateWorkOrders({ count: 1, firstId: 1 }), ...generateWorkOrders({ count: 1, firstId: 2, workStatus: '2' })] };
    harness = await startHarness({ seed, settings: { export: { workStatus: 'Wacht op onderdelen' } } });
    expect((await harness.read()).map((item) => item.key)).toEqual(['2']);
    await harness.close();

    harness = await startHarness({ seed, settings: { export: { workStatus: '9 naar Exact' } } });
    const error = await harness.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('WerkbonApp has no work status "9 naar Exact"; its work statuses: "0 Nieuw", "1 naar E-boekhouden"');
    expect(await harness.source.check()).toMatchObject({ ok: false, errorClass: 'configuration' });
  });

  it('reads nothing when the export is switched off', async () => {
    harness = await startHarness({ seed: { workorders: generateWorkOrders({ count: 2 }) }, settings: { export: { enabled: false } } });
    expect(await harness.read()).toEqual([]);
    expect(harness.sim.server.calls.count(LIST_CALL)).toBe(0);
  });
});

describe('WerkbonApp answer codes', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('maps 1004/1005 (HTTP 200) to a red authentication dot, never showing a token', async () => {
    for (const wrong of [{ token: 'wrong-customer-token', software_token: 'demo-software-token-b7d350f1' }, { token: 'demo-customer-token-4c81e2a9', software_token: 'wrong-software-token' }]) {
      harness = await startHarness({ credentials: wrong });
      const error = await harness.read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).code).toMatch(/^WBA_100[45]$/);
      const check = await harness.source.check();
      expect(check).toMatchObject({ ok: false, errorClass: 'authentication' });
      expect(check.hint).toContain('Start > ERP/CRM > Overzicht');
      expect(JSON.stringify(check) + (error as Error).message).not.toMatch(/wrong-(customer|software)-token/);
      await harness.close();
    }
  });

  it('retries 1007 and gateway trouble (5xx, dropped connections), then reads normally', async () => {
    harness = await startHarness({ seed: { workorders: generateWorkOrders({ count: 2 }) }, sim: { faults: { failNext: 1, errorStatus: 502, dropNext: 1 } } });
    expect(await harness.read()).toHaveLength(2);
    expect(harness.logger.entries.some((entry) => entry.message === 'WerkbonApp call failed, retrying')).toBe(true);
  });

  it('refuses an unknown API version as a configuration problem', async () => {
    harness = await startHarness({ settings: { apiVersion: 9 } });
    const error = await harness.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/code 1001/);
  });

  it('a required field WerkbonApp misses is a rejection of that record', async () => {
    harness = await startHarness();
    const result = await harness.target.upsertRelations([{ id: '1', code: 'R1', relation: { sourceId: 'R1', role: 'debtor', kind: 'company', name: 'Zonder Adres' } }]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].error).toBeInstanceOf(RejectedError);
    expect(result.failed[0].error.code).toBe('WBA_1101');
  });
});

/// <reference types="jest" />
/**
 * The conformance suite every source connector runs: config, DI wiring, the dot, paging at exact
 * page boundaries, resume from a cursor, malformed records, transient faults, secrets, and the
 * lookups the manifest declares (describe-lookups.ts).
 */
import { ShopSource, hasCapability, type RunningSimulator, type SourceItem } from '@koppelwerk/core';
import { readSource } from './read-source';
import { describeConfigSchema, expectNoSecrets, injectFaults, openConnector, UNREACHABLE_ENDPOINT, type ConnectorUnderTest } from './conformance-support';
import { describeLookups } from './describe-lookups';

export interface ShopSourceUnderTest extends ConnectorUnderTest {
  /** The page size to test page boundaries with (passed as ReadRequest.pageSize). */
  pageSize: number;
  /** A seed holding exactly `count` documents the source delivers for booking. */
  seedWithDocuments(count: number): Record<string, unknown>;
  /** A seed mixing good documents with malformed ones. */
  seedWithMalformed(): { seed: Record<string, unknown>; good: number; malformed: number };
}

const readAll = (source: ShopSource, pageSize: number, cursor: string | null = null, maxPages = Infinity) => readSource(source, { cursor, pageSize, maxPages });

export function describeShopSource(subject: ShopSourceUnderTest): void {
  describe(`${subject.manifest.id} conforms to ShopSource`, () => {
    const simulators: RunningSimulator[] = [];
    const start = async (seed?: Record<string, unknown>) => {
      const simulator = await subject.startSimulator(seed);
      simulators.push(simulator);
      return simulator;
    };
    const sourceFor = (simulator: RunningSimulator, settings = subject.configFor(simulator)) => {
      const opened = openConnector(subject, settings);
      return { ...opened, source: opened.container.get<ShopSource>(ShopSource) };
    };

    afterAll(async () => {
      await Promise.all(simulators.map((s) => s.close()));
    });

    describeConfigSchema(subject);
    describeLookups(subject);

    it('declares the read capability and binds what its manifest declares', async () => {
      expect(subject.manifest.kind).toBe('source');
      expect(hasCapability(subject.manifest, 'read')).toBe(true);
      const { source } = sourceFor(await start());
      expect(typeof source.fetch === 'function').toBe(hasCapability(subject.manifest, 'refetch'));
      expect(typeof source.acknowledge === 'function').toBe(hasCapability(subject.manifest, 'acknowledge'));
    });

    it('is green with good credentials, red with a reason on bad ones and on an unreachable endpoint', async () => {
      const simulator = await start();
      expect(await sourceFor(simulator).source.check()).toMatchObject({ ok: true });
      const wrong = sourceFor(simulator, subject.withWrongCredentials(subject.configFor(simulator)));
      const refused = await wrong.source.check();
      expect(refused.ok).toBe(false);
      expect(refused.reason).toEqual(expect.any(String));
      const away = await sourceFor(simulator, { ...subject.configFor(simulator), endpoint: UNREACHABLE_ENDPOINT }).source.check();
      expect(away.ok).toBe(false);
      expect(away.reason).toEqual(expect.any(String));
      expectNoSecrets([JSON.stringify(refused), JSON.stringify(away), wrong.logger.text()], wrong.secrets);
    });

    it.each([
      ['exactly one page', 1, 0],
      ['exactly two pages', 2, 0],
      ['two pages and one', 2, 1],
    ])('reads %s without loss or repeats', async (_name, pages, extra) => {
      const count = subject.pageSize * pages + extra;
      const { source } = sourceFor(await start(subject.seedWithDocuments(count)));
      const { items } = await readAll(source, subject.pageSize);
      const keys = items.filter((i) => i.ok).map((i) => i.key);
      expect(items.filter((i) => !i.ok)).toEqual([]);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toHaveLength(count);
    });

    it('resumes from a saved cursor with nothing lost or repeated', async () => {
      const count = subject.pageSize * 2 + 1;
      const simulator = await start(subject.seedWithDocuments(count));
      const first = await readAll(sourceFor(simulator).source, subject.pageSize, null, 1);
      expect(first.items.length).toBeGreaterThan(0);
      // A new process: a fresh container, only the stored cursor carries over.
      const rest = await readAll(sourceFor(simulator).source, subject.pageSize, first.cursor);
      const firstKeys = first.items.map((i) => i.key);
      const restKeys = rest.items.map((i) => i.key);
      expect(restKeys.filter((k) => firstKeys.includes(k))).toEqual([]);
      expect(new Set([...firstKeys, ...restKeys]).size).toBe(count);
    });

    it('turns malformed records into record errors naming the field, and reads on', async () => {
      const { seed, good, malformed } = subject.seedWithMalformed();
      const { source } = sourceFor(await start(seed));
      const { items } = await readAll(source, subject.pageSize);
      const failed = items.filter((i): i is Extract<SourceItem, { ok: false }> => !i.ok);
      expect(items.filter((i) => i.ok)).toHaveLength(good);
      expect(failed).toHaveLength(malformed);
      for (const item of failed) {
        expect(item.error.errorClass).toBe('record');
        expect((item.error as { field?: string }).field).toEqual(expect.any(String));
      }
    });

    it('retries transient faults and still delivers everything', async () => {
      const count = subject.pageSize + 1;
      const simulator = await start(subject.seedWithDocuments(count));
      const { source, logger, secrets } = sourceFor(simulator);
      await injectFaults(simulator, { failNext: 2 });
      const { items } = await readAll(source, subject.pageSize);
      expect(items.filter((i) => i.ok)).toHaveLength(count);
      expectNoSecrets([logger.text()], secrets);
    });
  });
}

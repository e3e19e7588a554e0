/**
 * Bad configs through the real CLI: a seeded generator of broken tenant files (wrong types, missing
 * keys, unknown keys, bad URLs, a short username, malformed security codes, unknown connectors, bad
 * mapping rules, several mistakes at once). Each is refused with exit code 2 before any call (the
 * simulators, behind a counting proxy, receive no request), every problem is listed with its path,
 * and no secret value is echoed.
 *
 * CI: about 14 files (every kind of mistake at least once, two or three to a file). `npm run soak`: 300. RELIABILITY_SEED=<n> repeats a run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { SeededRandom } from '@koppelwerk/testing';
import { stringify } from 'yaml';
import { cli, type CliResult } from '../testing/cli-process';
import { fuzzSeed, sized, startTap, type Tap } from './fuzz-support';
import { reportFigures } from './reliability-support';
import { scratchDir } from '@koppelwerk/runtime/testing';

const FILES = sized(12, 300);
const SEED = fuzzSeed(4242);
/** Processes at once: the machine has two cores. */
const PARALLEL = 3;

/** Canary secrets: real-looking and unique, so an echo is easy to find. */
const CANARY = {
  token: 'canary-cfg-shop-token-5a1d9e77c3',
  partner_token: 'canary-cfg-partner-0b8e41f2aa',
  securityCode1: 'ca4a41e5cf90aa11bb22cc33dd44ee55',
  securityCode2: 'CA4A41E5-0C0F-4E2A-9B1D-77E0C3F1A2B4',
  /** Malformed secrets are secrets too: never echoed either. */
  badCode1: 'canary-bad-code1-not-hex-7e3f',
  badCode2: 'canary-bad-code2-not-a-guid-91c4',
};

type Config = Record<string, any>;

interface Mistake {
  name: string;
  /** Breaks the config; returns the paths the refusal must list (any one of each inner list). */
  apply(config: Config, random: SeededRandom): string[][];
  /** Mistakes that hide every other (a file that is not YAML) are not combined. */
  alone?: boolean;
  /**
   * Combined only with mistakes of other sections: within one side the first problem may hide the
   * rest (an invalid `endpoint` hides every problem of that side's settings).
   */
  section: 'tenant' | 'source' | 'sink' | 'mapping' | 'schedule' | 'file';
}

const MISTAKES: Mistake[] = [
  { name: 'tenant is a number', section: 'tenant', apply: (c) => ((c.tenant = 42), [['tenant']]) },
  { name: 'tenant has spaces', section: 'tenant', apply: (c) => ((c.tenant = 'my shop!'), [['tenant']]) },
  { name: 'tenant missing', section: 'tenant', apply: (c) => (delete c.tenant, [['tenant']]) },
  { name: 'unknown top-level key', section: 'schedule', apply: (c) => ((c.shedule = { everyMinutes: 5 }), [['shedule', '(root)', 'unknown']]) },
  { name: 'schedule.everyMinutes is text', section: 'schedule', apply: (c) => ((c.schedule = { everyMinutes: 'hourly' }), [['schedule.everyMinutes']]) },
  { name: 'schedule.everyMinutes is 0', section: 'schedule', apply: (c) => ((c.schedule = { everyMinutes: 0 }), [['schedule.everyMinutes']]) },
  { name: 'source missing', section: 'source', apply: (c) => (delete c.source, [['source']]) },
  { name: 'source connector unknown', section: 'source', apply: (c) => ((c.source.connector = 'shopify'), [['source.connector']]) },
  { name: 'source endpoint not a URL', section: 'source', apply: (c) => ((c.source.endpoint = 'not a url'), [['source.endpoint']]) },
  { name: 'source endpoint not http', section: 'source', apply: (c) => ((c.source.endpoint = 'ftp://127.0.0.1/shop'), [['source.endpoint', 'source.settings.endpoint']]) },
  { name: 'partner token missing', section: 'source', apply: (c) => (delete c.source.settings.partner_token, [['source.settings.partner_token']]) },
  { name: 'token is a number', section: 'source', apply: (c) => ((c.source.settings.token = 123456), [['source.settings.token']]) },
  { name: 'token from an unset variable', section: 'source', apply: (c) => ((c.source.settings.token = '${env:KOPPELWERK_NOT_SET_ANYWHERE}'), [['source.settings.token']]) },
  { name: 'unknown source setting', section: 'source', apply: (c) => ((c.source.settings.shopId = 'x'), [['source.settings']]) },
  { name: 'pageSize over 100', section: 'source', apply: (c) => ((c.source.settings.pageSize = 500), [['source.settings.pageSize']]) },
  { name: 'sink connector unknown', section: 'sink', apply: (c) => ((c.sink.connector = 'exact-online'), [['sink.connector']]) },
  { name: 'a source connector as sink', section: 'sink', apply: (c) => ((c.sink.connector = 'mijnwebwinkel'), [['sink.connector']]) },
  { name: 'sink endpoint not a URL', section: 'sink', apply: (c) => ((c.sink.endpoint = 'http//127.0.0.1:1/soap.asmx'), [['sink.endpoint']]) },
  { name: 'short username', section: 'sink', apply: (c) => ((c.sink.settings.username = 'abc'), [['sink.settings.username']]) },
  { name: 'username missing', section: 'sink', apply: (c) => (delete c.sink.settings.username, [['sink.settings.username']]) },
  { name: 'security code 1 malformed', section: 'sink', apply: (c) => ((c.sink.settings.securityCode1 = CANARY.badCode1), [['sink.settings.securityCode1']]) },
  { name: 'security code 2 malformed', section: 'sink', apply: (c) => ((c.sink.settings.securityCode2 = CANARY.badCode2), [['sink.settings.securityCode2']]) },
  { name: 'security code 2 is a list', section: 'sink', apply: (c) => ((c.sink.settings.securityCode2 = [CANARY.securityCode2]), [['sink.settings.securityCode2']]) },
  { name: 'security code 1 typed in lower case key', section: 'sink', apply: (c) => ((c.sink.settings.securitycode1 = c.sink.settings.securityCode1), delete c.sink.settings.securityCode1, [['sink.settings']]) },
  { name: 'settings is a list', section: 'sink', apply: (c) => ((c.sink.settings = ['username']), [['sink.settings']]) },
  { name: 'debtors ledger too long', section: 'mapping', apply: (c) => ((c.mapping.ledgers = { debtors: '13000000000' }), [['mapping.ledgers.debtors']]) },
  { name: 'unknown VAT code', section: 'mapping', apply: (c) => ((c.mapping.vat = { sales: [{ rate: 21, code: 'HOOG_VERK_99' }] }), [['mapping.vat.sales']]) },
  { name: 'VAT rule rate is text', section: 'mapping', apply: (c) => ((c.mapping.vat = { sales: [{ rate: 'hoog', code: 'HOOG_VERK_21' }] }), [['mapping.vat.sales']]) },
  { name: 'unknown placeholder', section: 'mapping', apply: (c) => ((c.mapping.texts = { invoiceNumber: 'MWW-{nummer}' }), [['mapping.texts.invoiceNumber']]) },
  { name: 'code prefix too long', section: 'mapping', apply: (c) => ((c.mapping.relations = { codePrefix: 'WEBSHOP-PREFIX' }), [['mapping.relations.codePrefix']]) },
  { name: 'unknown currency policy', section: 'mapping', apply: (c) => ((c.mapping.currency = { foreign: 'maybe' }), [['mapping.currency.foreign']]) },
  { name: 'unknown mapping key', section: 'mapping', apply: (c) => ((c.mapping.ledger = { debtors: '1300' }), [['mapping']]) },
  { name: 'unregistered function', section: 'mapping', apply: (c) => ((c.mapping.relations = { function: 'myCodes' }), [['mapping.relations']]) },
  { name: 'not YAML', section: 'file', alone: true, apply: () => [['YAML']] },
];

interface Case {
  name: string;
  text: string;
  expect: string[][];
  mistakes: string[];
}

function validConfig(shop: string, sink: string, sinkLogin: { username: string }): Config {
  return {
    tenant: 'broken-shop',
    source: { connector: 'mijnwebwinkel', endpoint: shop, settings: { token: CANARY.token, partner_token: CANARY.partner_token } },
    sink: { connector: 'eboekhouden', endpoint: sink, settings: { username: sinkLogin.username, securityCode1: CANARY.securityCode1, securityCode2: CANARY.securityCode2 } },
    mapping: { relations: { codePrefix: 'BRK' } },
  };
}

/**
 * Every mistake at least once (grouped with one or two mistakes of other sections where it can be),
 * then random combinations of two or three until there are `count` files; the soak adds each
 * mistake on its own too.
 */
function cases(count: number, base: () => Config, random: SeededRandom): Case[] {
  const queue = [...MISTAKES];
  for (let i = queue.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [queue[i], queue[j]] = [queue[j], queue[i]];
  }
  const groups: Mistake[][] = [];
  while (queue.length) {
    const group = [queue.shift()!];
    const size = group[0].alone ? 1 : random.int(2, 3);
    for (let j = 0; j < queue.length && group.length < size; ) {
      if (!queue[j].alone && !group.some((m) => m.section === queue[j].section)) group.push(queue.splice(j, 1)[0]);
      else j++;
    }
    groups.push(group);
  }
  if (count > MISTAKES.length * 2) groups.push(...MISTAKES.map((m) => [m]));
  const combinable = MISTAKES.filter((m) => !m.alone);
  while (groups.length < count) {
    const group: Mistake[] = [];
    const wanted = random.int(2, 3);
    while (group.length < wanted) {
      const next = random.pick(combinable);
      if (!group.some((m) => m.section === next.section)) group.push(next);
    }
    groups.push(group);
  }
  return groups.map((chosen) => {
    const config = base();
    const expect = chosen.flatMap((m) => m.apply(config, random));
    const text = chosen.some((m) => m.alone) ? `${stringify(config)}\n  mapping: [unclosed\n: : :` : stringify(config);
    return { name: chosen.map((m) => m.name).join(' + '), text, expect, mistakes: chosen.map((m) => m.name) };
  });
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

describe(`bad configs (seed ${SEED}, ${FILES} files)`, () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let sinkTap: Tap;
  let shopTap: Tap;

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0 });
    sinkTap = await startTap(sink.url);
    shopTap = await startTap(shop.url);
  });

  afterAll(async () => {
    await Promise.all([sinkTap?.close(), shopTap?.close(), sink?.close(), shop?.close()]);
  });

  it(
    'refuses each broken file with exit code 2 before any call, listing every problem with its path, echoing no secret',
    async () => {
      const started = Date.now();
      const dir = scratchDir('bad-config');
      const random = new SeededRandom(SEED);
      const all = cases(FILES, () => validConfig(shopTap.url, `${sinkTap.url}/soap.asmx`, sink.credentials), random);
      // The unbroken file works (so a refusal below is the mistake's doing, not the base's).
      const validFile = join(dir, 'valid.yaml');
      writeFileSync(validFile, stringify(validConfig(shop.url, sink.endpoint, sink.credentials)));

      const outcomes = await inBatches(all, PARALLEL, async (testCase): Promise<{ testCase: Case; result: CliResult & { code: number }; command: string }> => {
        const file = join(dir, `case-${all.indexOf(testCase)}.yaml`);
        writeFileSync(file, testCase.text);
        // Mostly `check`; every third file through `sync`, which must refuse the same way.
        const command = all.indexOf(testCase) % 3 === 2 ? 'sync' : 'check';
        return { testCase, result: await cli([command, file]), command };
      });

      const problems: string[] = [];
      const secrets = Object.values(CANARY);
      for (const { testCase, result, command } of outcomes) {
        const shown = result.stdout + result.stderr;
        const label = `${command} "${testCase.name}"`;
        if (result.code !== 2) problems.push(`${label}: exit ${result.code}: ${shown.slice(0, 300)}`);
        for (const anyOf of testCase.expect) {
          if (!anyOf.some((path) => (path === 'YAML' ? /YAML/.test(result.stderr) : result.stderr.includes(`- ${path}`)))) {
            problems.push(`${label}: no problem listed at ${anyOf.join(' or ')}; got:\n${result.stderr.slice(0, 600)}`);
          }
        }
        for (const secret of secrets) if (shown.includes(secret)) problems.push(`${label}: echoed a secret (${secret.slice(0, 12)}…)`);
      }
      expect(problems).toEqual([]);
      // Nothing reached either simulator.
      expect(shopTap.exchanges).toEqual([]);
      expect(sinkTap.exchanges).toEqual([]);
      reportFigures(SEED, 'bad-config', {
        files: all.length,
        combined: all.filter((c) => c.mistakes.length > 1).length,
        mistakesCovered: new Set(all.flatMap((c) => c.mistakes)).size,
        mistakesKnown: MISTAKES.length,
        exit2: outcomes.filter((o) => o.result.code === 2).length,
        requestsToSimulators: shopTap.exchanges.length + sinkTap.exchanges.length,
        wallSeconds: Math.round((Date.now() - started) / 100) / 10,
      });
    },
    sized(120_000, 1_800_000),
  );
});

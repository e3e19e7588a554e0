/**
 * Secrets sweep through the real CLI: canary credentials (real-looking, unique) travel through a
 * day of commands: describe, check, sync with faults (upstream error pages that echo the request,
 * tokens and codes included), errors, a password change (red, new codes), retry, status, log,
 * explain, a broken config, and the daemon (which also meets the broken config). Every stdout and
 * stderr, every file under the state directory (logs, the SQLite database and its WAL, raw bytes)
 * is searched for each secret: zero hits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { cli, everyFileText, startCli, type CliResult } from '../testing/cli-process';
import { expectExit, startTap, writeTenantFile, type Tap } from './fuzz-support';
import { canaryCredentials, reportFigures, sized } from './reliability-support';
import { scratchDir } from '@koppelwerk/runtime/testing';

const ORDERS = sized(60, 600);

type RawOrder = ReturnType<typeof generateOrders>['orders'][number];

/** As an ASP.NET error page shows a request. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TIMEOUT_MS = sized(150_000, 1_800_000);

describe('secrets sweep', () => {
  const canary = canaryCredentials();
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let shopTap: Tap;
  let sinkTap: Tap;
  let echoes = { shop: 0, sink: 0 };

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0, seed: { users: [{ Username: canary.sink.username, SecurityCode1: canary.sink.securityCode1, SecurityCode2: canary.sink.securityCode2 }] } });
    shop = await startMijnwebwinkelSimulator({ port: 0, credentials: canary.shop, seed: generateOrders({ count: ORDERS, randomSeed: 99 }) as unknown as Record<string, unknown> });
    // Error pages that repeat the request, tokens and codes included, as a careless upstream or proxy would.
    shopTap = await startTap(shop.url, {
      respond: (method, url) => {
        if (echoes.shop <= 0 || !url.startsWith('/v1/orders?')) return undefined;
        echoes.shop--;
        return { status: 500, contentType: 'application/json', body: JSON.stringify({ code: 500, message: 'Internal Server Error', description: `upstream failed for GET ${url}` }) };
      },
    });
    sinkTap = await startTap(sink.url, {
      respond: (method, _url, body) => {
        if (echoes.sink <= 0 || method !== 'POST' || !/AddMutatie|OpenSession/.test(body)) return undefined;
        echoes.sink--;
        return { status: 500, contentType: 'text/html', body: `<html><body><h1>Runtime Error</h1><pre>${escapeHtml(body)}</pre></body></html>` };
      },
    });
  });

  afterAll(async () => {
    await Promise.all([shopTap?.close(), sinkTap?.close(), sink?.close(), shop?.close()]);
  });

  it(
    'no canary credential appears in any output, log file or the state database, whatever ran',
    async () => {
      const started = Date.now();
      const dir = scratchDir('secrets');
      mkdirSync(join(dir, 'secrets'));
      const secrets = new Set([canary.shop.token, canary.shop.partner_token, canary.sink.securityCode1, canary.sink.securityCode2]);
      const outputs: { what: string; result: CliResult; ms?: number }[] = [];
      let env: NodeJS.ProcessEnv = { SHOP_TOKEN: canary.shop.token, EB_CODE1: canary.sink.securityCode1 };
      const run = async (what: string, args: string[], codes: number[]) => {
        const begun = Date.now();
        const result = await cli(args, env);
        outputs.push({ what, result, ms: Date.now() - begun });
        expectExit(result, codes, what);
        return result;
      };
      // The secrets in all three spellings: ${env:}, ${file:} and inline.
      const writeTenant = (mapping: unknown) => {
        writeFileSync(join(dir, 'secrets', 'code2.txt'), `${canary.sink.securityCode2}\n`);
        return writeTenantFile(dir, {
          tenant: 'geheim',
          source: { connector: 'mijnwebwinkel', endpoint: shopTap.url, settings: { token: '${env:SHOP_TOKEN}', partner_token: canary.shop.partner_token } },
          sink: { connector: 'eboekhouden', endpoint: `${sinkTap.url}/soap.asmx`, settings: { username: canary.sink.username, securityCode1: '${env:EB_CODE1}', securityCode2: '${file:secrets/code2.txt}' } },
          mapping,
          // Every line the connectors can log goes into the sweep: page reads and bookings are debug lines.
          log: { level: 'debug' },
        });
      };
      const strict = { relations: { codePrefix: 'GHM' }, texts: { invoiceNumber: 'GHM-{number}' }, vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] } };
      const file = writeTenant(strict);

      /** Commands that only read run side by side (three at a time: two cores). */
      const together = async (commands: [string, string[], number[]][]) => {
        const results: CliResult[] = [];
        for (let i = 0; i < commands.length; i += 3) results.push(...(await Promise.all(commands.slice(i, i + 3).map(([what, args, codes]) => run(what, args, codes)))));
        return results;
      };

      await together([
        ['describe --json', ['describe', 'eboekhouden', '--json'], [0]],
        ['check', ['check', file, '--json'], [0]],
      ]);

      // Sync with faults: echoing error pages on both sides, and random 5xx from the shop.
      echoes = { shop: 2, sink: 3 };
      shop.faults.set({ errorRate: 0.15, errorStatus: 503 });
      const first = await run('sync with faults', ['sync', file, '--json'], [0, 1, 4]);
      shop.faults.reset();
      if (first.code === 4) await run('sync again', ['sync', file, '--json'], [0, 1]);
      expect((await run('errors', ['errors', file], [0])).stdout).toMatch(/^#\d+ /m);

      // The password changes: new codes, the old ones refused; red until the new ones are saved.
      // New orders the strict mapping can book (euros, 21% only), so the run has something to write.
      const rates = (order: RawOrder) => (order.orderlines ?? []).flatMap((line) => (Array.isArray(line.price) ? line.price : [line.price])).map((part) => part?.rate);
      const added = generateOrders({ count: 60, randomSeed: 5, firstNumber: 9001, quirks: false, creditShare: 0 })
        .orders.filter((order) => order.currency === 'EUR' && rates(order).every((rate) => rate === '21.00'))
        .slice(0, 10);
      expect(added.length).toBeGreaterThan(0);
      shop.addOrders(...added);
      for (const order of added) shop.setStatus(order.number!, 3);
      const rotated = sink.rotateCredentials(canary.sink.username);
      secrets.add(rotated.securityCode1);
      secrets.add(rotated.securityCode2);
      await run('check after password change', ['check', file, '--json'], [3]);
      await run('sync after password change', ['sync', file, '--json'], [3]);

      env = { ...env, EB_CODE1: rotated.securityCode1 };
      canary.sink.securityCode2 = rotated.securityCode2;
      writeTenant({ ...strict, vat: { sales: strict.vat.sales } });
      await run('check green', ['check', file], [0]);
      await run('retry --all', ['retry', file, '--all', '--json'], [0, 1]);
      await run('sync', ['sync', file, '--json'], [0, 1]);
      const document = sink.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer)).find((n) => n.startsWith('GHM-'))!.slice('GHM-'.length);
      await together([
        ['status --json', ['status', file, '--json'], [0]],
        ['log --document', ['log', file, '--document', document], [0]],
        ['explain', ['explain', file, document, '--json'], [0]],
      ]);

      // A broken config next to the good one: refused, and the daemon logs it without echoing.
      writeFileSync(
        join(dir, 'kapot.yaml'),
        [
          'tenant: kapot',
          'source:',
          '  connector: mijnwebwinkel',
          `  settings: { token: "${canary.shop.token}", partner_token: 12345 }`,
          'sink:',
          '  connector: eboekhouden',
          `  settings: { username: abc, securityCode1: "${canary.sink.securityCode1}x", securityCode2: "${rotated.securityCode2}", unknownSetting: "${canary.shop.partner_token}" }`,
          '',
        ].join('\n'),
      );
      secrets.add(`${canary.sink.securityCode1}x`);
      await run('bad config', ['check', join(dir, 'kapot.yaml')], [2]);
      const daemon = startCli(['daemon', dir, '--run-at-start'], env);
      await daemon.waitFor(/"tenant":"geheim"[^\n]*"msg":"sync finished/);
      await daemon.waitFor(/kapot/);
      daemon.child.kill('SIGTERM');
      const stopped = await daemon.done;
      outputs.push({ what: 'daemon', result: stopped });
      expect(stopped.code).toBe(0);

      // The sweep.
      const places: [string, string][] = [
        ...outputs.map(({ what, result }): [string, string] => [what, `${result.stdout}\n${result.stderr}`]),
        ['state directory (logs, database, WAL)', everyFileText(join(dir, 'state'))],
      ];
      const spellings = [...secrets].flatMap((secret) => [secret, secret.toLowerCase(), secret.toUpperCase(), encodeURIComponent(secret)]);
      const hits = places.flatMap(([where, text]) => spellings.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 10)}…`));
      expect(hits).toEqual([]);
      // The sweep looked at something real: the echoing pages were served, logs and database exist.
      expect(echoes).toEqual({ shop: 0, sink: 0 });
      expect(places.at(-1)![1].length).toBeGreaterThan(10_000);
      reportFigures(0, 'secrets-sweep', {
        orders: ORDERS,
        commands: outputs.length,
        secrets: secrets.size,
        spellingsSearched: spellings.length,
        bytesSearched: places.reduce((sum, [, text]) => sum + text.length, 0),
        hits: hits.length,
        slowest: outputs.filter((o) => o.ms !== undefined).sort((a, b) => b.ms! - a.ms!).slice(0, 4).map((o) => `${o.what} ${o.ms} ms`),
        wallSeconds: Math.round((Date.now() - started) / 100) / 10,
      });
    },
    TIMEOUT_MS,
  );
});

import { ContainerModule, injectable } from 'inversify';
import { z } from 'zod';
import { ConnectorLookups, lookupFailure, lookupItemProblems, lookupTimeoutError, readLookup, type LookupDeclaration, type LookupItem } from './connector-lookups';
import { ShopSource, type CheckResult, type SourcePage } from './contracts';
import { ConfigurationError, RejectedError, TransientError } from './errors';
import { defineConnector, type ConnectorManifest } from './manifest';
import { manifestProblems } from './manifest-check';
import { renderHint, renderMessage } from './messages/built-in-messages';

const STATUSES: LookupDeclaration = {
  name: 'orderStatuses',
  caption: { nl: 'Orderstatussen', en: 'Order statuses' },
  feeds: ['source.settings.bookedStatuses'],
  choice: 'many',
};
const ITEMS: LookupItem[] = [
  { value: 'Betaald', label: 'Betaald', detail: 'status 3' },
  { value: 'Verzonden', label: 'Verzonden' },
];

@injectable()
class ShopLookups implements ConnectorLookups {
  lookup(name: string, signal?: AbortSignal): Promise<LookupItem[]> {
    return readLookup('Shop', [STATUSES], name, { orderStatuses: async () => ITEMS }, signal);
  }
}

@injectable()
class Source implements ShopSource {
  async check(): Promise<CheckResult> {
    return { ok: true };
  }
  async *read(): AsyncIterable<SourcePage> {
    yield { items: [], nextCursor: null };
  }
}

function shop(lookups: unknown, bindLookups = true): ConnectorManifest {
  return defineConnector({
    contractVersion: 1,
    id: 'shop',
    kind: 'source',
    title: 'Shop',
    description: 'a shop',
    capabilities: ['read'],
    configSchema: z.object({ token: z.string(), bookedStatuses: z.array(z.string()).default(['Betaald']), export: z.object({ status: z.string() }).optional() }),
    exampleConfig: { token: 'demo' },
    createModule: () =>
      new ContainerModule(({ bind }) => {
        bind(ShopSource).to(Source);
        if (bindLookups) bind(ConnectorLookups).to(ShopLookups);
      }),
    lookups: lookups as LookupDeclaration[],
  });
}

describe('connector lookups', () => {
  it("reads a declared lookup through the connector's reader", async () => {
    await expect(new ShopLookups().lookup('orderStatuses')).resolves.toEqual(ITEMS);
  });

  it('refuses a name the connector does not declare, before any call, naming what it offers (in Dutch too)', async () => {
    let reads = 0;
    const refused = readLookup('Shop', [STATUSES], 'statuses', { orderStatuses: async () => (reads++, ITEMS) }).catch((error: unknown) => error);
    const error = (await refused) as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(reads).toBe(0);
    expect(error.problems).toEqual([expect.objectContaining({ path: 'lookup', code: 'LOOKUP_UNKNOWN', message: 'Shop offers no lookup "statuses"; it offers: orderStatuses' })]);
    expect(renderMessage(error.problems[0].code, error.problems[0].params, 'nl', '').text).toBe('Shop heeft geen keuzelijst "statuses"; wel: orderStatuses');
    const none = (await readLookup('Stella', [], 'ledgers', {}).catch((e: unknown) => e)) as ConfigurationError;
    expect(none.problems[0].message).toBe('Stella offers no lookup "ledgers"; it offers none');
  });

  it("stops with the signal's reason, or says it was stopped", async () => {
    const never = () => new Promise<LookupItem[]>(() => undefined);
    const timedOut = new AbortController();
    const waiting = readLookup('Shop', [STATUSES], 'orderStatuses', { orderStatuses: never }, timedOut.signal);
    timedOut.abort(lookupTimeoutError('Shop', 'orderStatuses', 5));
    await expect(waiting).rejects.toMatchObject({ errorClass: 'transient', code: 'LOOKUP_TIMEOUT', message: 'the lookup orderStatuses of Shop got no answer within 5 s' });
    expect(renderHint('LOOKUP_TIMEOUT', { connector: 'Shop', name: 'orderStatuses', seconds: 5 }, 'nl')?.text).toBe('controleer het endpoint en de verbinding, en probeer het opnieuw');

    let started = false;
    const stopped = readLookup('Shop', [STATUSES], 'orderStatuses', { orderStatuses: async () => ((started = true), ITEMS) }, AbortSignal.abort());
    await expect(stopped).rejects.toBeInstanceOf(TransientError);
    await expect(stopped).rejects.toMatchObject({ code: 'LOOKUP_STOPPED' });
    expect(started).toBe(false);
  });

  it('keeps a KoppelwerkError as it is and words anything else as the lookup failing', () => {
    const refused = new RejectedError('e-Boekhouden refused');
    expect(lookupFailure('Shop', 'orderStatuses', refused)).toBe(refused);
    const failure = lookupFailure('Shop', 'orderStatuses', new TypeError('x is undefined, token abc123'), (text) => text.replace('abc123', '***'));
    expect(failure).toMatchObject({ errorClass: 'rejected', code: 'LOOKUP_FAILED', message: 'the lookup orderStatuses of Shop failed: x is undefined, token ***' });
    expect(renderMessage(failure.code, failure.params, 'nl', '').text).toBe('de keuzelijst orderStatuses van Shop mislukte: x is undefined, token ***');
  });

  it('says what makes an answer unusable', () => {
    expect(lookupItemProblems(ITEMS)).toEqual([]);
    expect(lookupItemProblems({ items: [] })).toEqual(['the lookup did not answer with a list']);
    expect(lookupItemProblems([{ value: '1300', label: 'Debiteuren' }, { value: '1300', label: '' }, { value: 8000, label: 'Omzet', detail: 1, code: 'x' }])).toEqual([
      'item 1 repeats the value "1300"',
      'item 1 has no label',
      'item 2 has no value',
      'item 2 has a detail that is not a text',
      'item 2 has unknown fields code',
    ]);
  });
});

describe('the manifest check of lookups', () => {
  it('accepts declared lookups that the module binds and whose settings exist', () => {
    expect(manifestProblems(shop([STATUSES, { ...STATUSES, name: 'ledgers', feeds: ['mapping.ledgers.sales.rules[].ledger', 'mapping.ledgers.debtors'], choice: 'one' }]))).toEqual([]);
    expect(manifestProblems(shop(undefined, false))).toEqual([]);
  });

  it('refuses a connector that declares lookups and does not bind ConnectorLookups', () => {
    expect(manifestProblems(shop([STATUSES], false))).toEqual(['declares lookups (orderStatuses) in its manifest but its module does not bind ConnectorLookups']);
  });

  it('refuses a setting its config schema does not have, or that is on the other side', () => {
    expect(manifestProblems(shop([{ ...STATUSES, feeds: ['source.settings.bookStatuses', 'source.settings.export.status', 'source.settings.export.state'] }]))).toEqual([
      'manifest.lookups "orderStatuses" feeds source.settings.bookStatuses, but its config schema has no setting bookStatuses',
      'manifest.lookups "orderStatuses" feeds source.settings.export.state, but its config schema has no setting export.state',
    ]);
    expect(manifestProblems(shop([{ ...STATUSES, feeds: ['sink.settings.bookedStatuses'] }]))).toEqual([
      "manifest.lookups[0].feeds[0] is sink.settings.bookedStatuses; a source connector's settings are under source.settings.",
    ]);
  });

  it('refuses a malformed declaration, each problem at its place', () => {
    expect(manifestProblems(shop({ ledgers: true }))).toEqual(['manifest.lookups must be a list of lookups ({ name, caption, feeds, choice })']);
    expect(manifestProblems(shop([{ name: 'Order statuses', caption: { nl: 'Statussen' }, feeds: [], choice: 'all' }, STATUSES, STATUSES]))).toEqual([
      'manifest.lookups[0].name must be a camelCase name, e.g. "ledgers"',
      'manifest.lookups[0].caption must have a text in Dutch (nl) and English (en)',
      'manifest.lookups[0].choice must be "one" or "many"',
      'manifest.lookups[0].feeds must list the settings it fills, e.g. "mapping.ledgers.debtors"',
      'manifest.lookups[2].name "orderStatuses" is declared twice',
    ]);
    expect(manifestProblems(shop([{ ...STATUSES, feeds: ['settings.bookedStatuses', 'mapping'] }]))).toEqual([
      'manifest.lookups[0].feeds[0] is "settings.bookedStatuses"; it must be a path in the tenant file under source.settings., sink.settings. or mapping. (with [] for every item of a list)',
      'manifest.lookups[0].feeds[1] is "mapping"; it must be a path in the tenant file under source.settings., sink.settings. or mapping. (with [] for every item of a list)',
    ]);
  });
});

/// <reference types="jest" />
/**
 * The lookups part of both conformance suites: a connector binds ConnectorLookups exactly when its
 * manifest declares lookups; each declared lookup answers its simulator's demo data with items a
 * page can show; a name it does not declare is a configuration error naming the ones it does; an
 * aborted signal stops a lookup; and no secret reaches an item, an error or a log.
 */
import { AccountingSink, ConnectorLookups, KoppelwerkError, declaredLookups, lookupItemProblems, type RunningSimulator } from '@koppelwerk/core';
import { expectNoSecrets, openConnector, UNREACHABLE_ENDPOINT, type ConnectorUnderTest, type OpenedConnector } from './conformance-support';

export function describeLookups(subject: ConnectorUnderTest): void {
  const declared = declaredLookups(subject.manifest);
  describe('lookups', () => {
    let simulator: RunningSimulator | undefined;
    const opened: OpenedConnector[] = [];
    const open = async (settings: Record<string, unknown> = {}): Promise<OpenedConnector & { lookups: ConnectorLookups }> => {
      simulator ??= await subject.startSimulator();
      const connector = openConnector(subject, { ...subject.configFor(simulator), ...settings });
      opened.push(connector);
      return { ...connector, lookups: connector.container.get<ConnectorLookups>(ConnectorLookups) };
    };

    afterAll(async () => {
      // A sink's lookups share its session: its close() ends it.
      await Promise.all(opened.filter((c) => c.container.isBound(AccountingSink)).map((c) => c.container.get<AccountingSink>(AccountingSink).close().catch(() => undefined)));
      await simulator?.close();
    });

    it(declared.length ? `binds ConnectorLookups for the lookups it declares (${declared.map((l) => l.name).join(', ')})` : 'declares no lookups and binds none', () => {
      const { container } = openConnector(subject, subject.manifest.exampleConfig as Record<string, unknown>);
      expect(container.isBound(ConnectorLookups)).toBe(declared.length > 0);
    });

    if (declared.length === 0) return;

    it.each(declared.map((lookup) => [lookup.name] as const))('answers the lookup %s from its simulator with items a page can show', async (name) => {
      const { lookups, logger, secrets } = await open();
      const items = await lookups.lookup(name);
      expect(lookupItemProblems(items)).toEqual([]);
      expect(items.length).toBeGreaterThan(0);
      expectNoSecrets([JSON.stringify(items), logger.text()], secrets);
    });

    it('refuses a lookup it does not declare, before any call, naming the ones it does', async () => {
      // Nothing listens there: a call would make it a transient error.
      const { lookups } = await open({ endpoint: UNREACHABLE_ENDPOINT });
      const error = await lookups.lookup('noSuchLookup').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(KoppelwerkError.is(error) && error.errorClass).toBe('configuration');
      const message = (error as Error).message;
      expect(message).toContain('noSuchLookup');
      for (const lookup of declared) expect(message).toContain(lookup.name);
    });

    it('stops a lookup whose signal is aborted', async () => {
      const { lookups, logger, secrets } = await open();
      const error = await lookups.lookup(declared[0].name, AbortSignal.abort()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(KoppelwerkError.is(error) && error.errorClass).toBe('transient');
      expectNoSecrets([(error as Error).message, logger.text()], secrets);
    });
  });
}

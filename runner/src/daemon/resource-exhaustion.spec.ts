/**
 * A check that fails because this machine ran out of descriptors or memory changes no dot: the
 * failure is the daemon's (it reports it and tries again), not the connection's.
 */
import { join } from 'node:path';
import { Redactor, type CheckResult } from '@koppelwerk/core';
import { SqliteStateStore } from '@koppelwerk/engine';
import { scratchDir } from '../testing/scratch-dir';
import { checkTenant, type TenantRuntime } from '../tenant-runtime';

function runtimeWith(store: SqliteStateStore, sinkCheck: () => Promise<CheckResult>): TenantRuntime {
  return {
    config: { mapping: { validateReference: () => [] } },
    redactor: new Redactor(),
    store,
    source: { check: async () => ({ ok: true }) },
    sink: { check: sinkCheck, listLedgers: async () => [], listVatCodes: async () => [] },
  } as unknown as TenantRuntime;
}

describe('a check on a machine out of resources', () => {
  it('leaves the dots as they were and says whose problem it is', async () => {
    const store = new SqliteStateStore({ path: join(scratchDir('check-exhaustion'), 'shop.sqlite') });
    try {
      await store.saveCheck('sink', { ok: true });
      const exhausted = runtimeWith(store, async () => ({ ok: false, errorClass: 'transient', reason: 'e-Boekhouden could not be reached for OpenSession: EMFILE' }));
      await expect(checkTenant(exhausted)).rejects.toMatchObject({ errorClass: 'transient', code: 'EMFILE', message: expect.stringMatching(/out of file descriptors \(EMFILE\); the dots were left as they were/) });
      expect((await store.getChecks()).find((c) => c.side === 'sink')).toMatchObject({ ok: true });

      // A connection that really fails still turns the dot red, with its code.
      const reset = runtimeWith(store, async () => ({ ok: false, errorClass: 'transient', reason: 'e-Boekhouden could not be reached for OpenSession: ECONNRESET' }));
      await checkTenant(reset);
      expect((await store.getChecks()).find((c) => c.side === 'sink')).toMatchObject({ ok: false, reason: expect.stringMatching(/ECONNRESET/) });
    } finally {
      await store.close();
    }
  });
});

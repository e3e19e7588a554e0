/**
 * A check that fails because this machine ran out of descriptors or memory changes no dot: the
 * failure is the daemon's (it reports it and tries again), not the connection's.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redactor, type CheckResult } from '@koppelwerk/core';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { checkTenant, type TenantRuntime } from '@koppelwerk/runtime';
import { stateFileUnopenable } from './process-resources';

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

describe('a state file SQLite cannot open', () => {
  it('is the daemon running out of descriptors when the file and its folder are accessible, and not otherwise', () => {
    const dir = scratchDir('state-unopenable');
    // A real SQLITE_CANTOPEN: SQLite's code and "unable to open database file", no reason.
    mkdirSync(join(dir, 'a-folder.sqlite'));
    let cantOpen: unknown;
    try {
      new Database(join(dir, 'a-folder.sqlite'));
    } catch (error) {
      cantOpen = error;
    }
    expect(cantOpen).toMatchObject({ code: 'SQLITE_CANTOPEN', message: 'unable to open database file' });
    // A state path that is a folder explains it: not the daemon's problem.
    expect(stateFileUnopenable(cantOpen, join(dir, 'a-folder.sqlite'))).toBe(false);
    // So does a folder that is not there.
    expect(stateFileUnopenable(cantOpen, join(dir, 'missing', 'shop.sqlite'))).toBe(false);

    // A state file that may be created, or that exists and may be read and written: nothing but a
    // shortage of descriptors is left to explain it.
    const statePath = join(dir, 'shop.sqlite');
    expect(stateFileUnopenable(cantOpen, statePath)).toBe(true);
    void new SqliteStateStore({ path: statePath }).close();
    expect(stateFileUnopenable(cantOpen, statePath)).toBe(true);
    // Any other failure is not this one.
    expect(stateFileUnopenable(new Error('disk I/O error'), statePath)).toBe(false);
  });
});

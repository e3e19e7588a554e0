/**
 * The e-Boekhouden login stops working in the middle of a run (the password was changed, or the
 * API access revoked). Writing stops within one call: at most one write per writer already on its
 * way fails, none is started after that (a write waiting for a call slot is held); the run ends with exit code 3 and a red dot, and nothing is
 * parked for it (the unwritten documents wait, pending or in doubt). Once new codes are saved,
 * `retry --all` and `sync` book everything exactly once and the dot is green again. Over both of
 * e-Boekhouden's APIs: SOAP's login and codes, REST's API token.
 *
 * CI size: 300 orders. `npm run soak`: 5,000 orders. Repeat with RELIABILITY_SEED=<seed>.
 */
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { startScenario, syncToTheEnd } from './reliability-scenario';
import { MUTATION_WRITE, SCENARIO_TIMEOUT_MS, TRANSPORTS, reportFigures, seededRandom, sized, suiteSeed, type EboekhoudenSimCall, type Transport } from './reliability-support';
import { expectExactlyOnce, expectNoSecretsLeaked, expectFinished, readStatus, sinkDot } from './scenario-checks';

const ORDERS = sized(300, 5_000);
const SEED = suiteSeed();

/** The call that opens a session, per API. */
const OPEN_SESSION: Record<Transport, string> = { soap: 'OpenSession', rest: 'POST /v1/session' };

describe.each(TRANSPORTS)(`koppelwerk sync over %s when the e-Boekhouden login is revoked mid-run (RELIABILITY_SEED=${SEED}, ${ORDERS} orders)`, (api) => {
  it.each([
    { writers: 1, label: 'one writer' },
    { writers: 4, label: 'four writers (the default)' },
  ])('$label: writing stops within one call, red, nothing parked for it; new codes, retry --all and sync: booked once, green', async ({ writers }) => {
    const started = Date.now();
    const random = seededRandom(SEED + writers);
    /** The stored write (AddMutatie, POST /v1/mutation) after which the login is revoked: somewhere in the first third of the run. */
    const revokeAfter = 10 + Math.floor(random() * (ORDERS / 5));
    let storedWrites = 0;
    let revoked = false;
    const afterRevocation: EboekhoudenSimCall[] = [];
    const onSinkCall = (call: EboekhoudenSimCall) => {
      if (revoked) {
        afterRevocation.push(call);
        return;
      }
      if (call.operation === MUTATION_WRITE[api] && call.errorCode === '' && ++storedWrites === revokeAfter) {
        s.revokeLogin();
        revoked = true;
      }
    };
    const s = await startScenario({ api, tenant: `revoked${writers}`, prefix: `RV${writers}`, orders: ORDERS, orderSeed: 31, onSinkCall, concurrency: writers });
    try {
      const red = await s.run(s.syncArgs('--json'));
      expect(revoked).toBe(true);
      expect(red.code).toBe(3);

      // Writing stopped within one call: each writer's write already on its way failed; none was started after.
      const writes = afterRevocation.filter((call) => call.write);
      expect(writes.filter((call) => call.errorCode === '')).toEqual([]);
      expect(writes.length).toBeLessThanOrEqual(writers);
      // The simulator sees calls in the order they arrive, not the order they were sent: another
      // writer's write already on its way may arrive after the refused login (never more than one per
      // other writer, and it fails). The writer whose login was refused sends nothing more.
      const firstRefusedLogin = afterRevocation.findIndex((call) => call.operation === OPEN_SESSION[api] && call.errorCode !== '');
      expect(firstRefusedLogin).toBeGreaterThanOrEqual(0);
      expect(afterRevocation.slice(firstRefusedLogin).filter((call) => call.write).length).toBeLessThanOrEqual(writers - 1);

      // The dot is red, for authentication; nothing is parked for it.
      const status = await readStatus(s);
      expect(status.checks.find((c) => c.side === 'sink')).toMatchObject({ ok: false, errorClass: 'authentication' });
      const errors = await s.run(['errors', s.file, '--json']);
      const queue = (JSON.parse(errors.stdout) as { errors: { errorClass: string }[] }).errors;
      expect(queue.filter((e) => e.errorClass === 'authentication' || e.errorClass === 'transient')).toEqual([]);
      const waiting = await waitingDocuments(s.statePath);
      expect(waiting).toBeGreaterThan(0);

      // Another run with the old codes is refused at once: red, no write.
      const callsBefore = afterRevocation.length;
      expect((await s.run(s.syncArgs('--json'))).code).toBe(3);
      expect(afterRevocation.slice(callsBefore).filter((call) => call.write)).toEqual([]);

      // New codes saved in the tenant file, then what the guide says: retry --all, sync.
      s.writeTenant(s.rotateLogin());
      const retried = await s.run(['retry', s.file, '--all', '--json']);
      expect([0, 1]).toContain(retried.code);
      const runs = await syncToTheEnd(s);
      expectFinished(s, runs, { runs: 1 });
      const figures = await expectExactlyOnce(s);
      expect(await sinkDot(s)).toBe(true);
      expectNoSecretsLeaked(s);
      reportFigures(SEED, `credentials revoked over ${api} (${writers} writer${writers > 1 ? 's' : ''})`, {
        orders: ORDERS,
        revokedAfterWrites: revokeAfter,
        failedWritesAfterRevocation: writes.length,
        writesSentAfterRefusedLogin: 0,
        waitingWhileRed: waiting,
        ...figures,
        wallMs: Date.now() - started,
      });
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);
});

/** Documents left pending or in doubt (waiting for the next run, not parked). */
async function waitingDocuments(statePath: string): Promise<number> {
  const store = new SqliteStateStore({ path: statePath });
  try {
    return (await store.listLedger({ state: 'pending' })).length + (await store.listLedger({ state: 'in-doubt' })).length;
  } finally {
    await store.close();
  }
}

/**
 * An honest end, through the real CLI: `koppelwerk sync` stopped by Ctrl-C (SIGINT) or SIGTERM in
 * the middle of writing says that it was interrupted, what it booked and what is pending, and exits
 * 130 or 143; the next `sync` finishes it, exactly once, without announcing again what the first
 * run parked. The dots follow the runs: a run that read the source and was answered by e-Boekhouden
 * leaves both green; a run that had nothing to send says it did not contact e-Boekhouden and leaves
 * its dot as it was, even when the codes no longer work.
 */
import type { ChildProcess } from 'node:child_process';
import { ExitCode } from '@koppelwerk/core';
import { startScenario, type Scenario } from './reliability-scenario';
import { MUTATION_WRITE, SCENARIO_TIMEOUT_MS } from './reliability-support';
import { expectExactlyOnce, expectNoSecretsLeaked, readStatus } from './scenario-checks';

const ORDERS = 120;

interface Summary {
  counts: { read: number; booked: number; skipped: number; parked: number; stillParked: number; pending: number };
}

describe.each([
  ['SIGINT', ExitCode.interrupted, 'SIGINT (Ctrl-C)'],
  ['SIGTERM', ExitCode.terminated, 'SIGTERM'],
] as const)('sync stopped by %s', (signal, exitCode, named) => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it(
    `says it was interrupted, exits ${exitCode}, and the next sync finishes it exactly once`,
    async () => {
      let running: ChildProcess | undefined;
      let writes = 0;
      /** The signal goes out when all but a few bookings were stored (by then some documents were parked). */
      let writesBeforeSignal = Infinity;
      s = await startScenario({
        tenant: `stopped-${signal.toLowerCase()}`,
        prefix: signal === 'SIGINT' ? 'INT' : 'TRM',
        orders: ORDERS,
        orderSeed: 2404,
        concurrency: 2,
        onSinkCall: (call) => {
          if (!running || call.operation !== MUTATION_WRITE.soap || call.errorCode !== '') return;
          if (++writes !== writesBeforeSignal) return;
          // The writes after the signal are slow, so the run is still busy when the signal lands.
          s!.sink.faults.set({ latencyMs: 200 });
          running.kill(signal);
        },
      });
      const scenario = s;
      writesBeforeSignal = scenario.expectedBooked.length - 12;
      expect(scenario.expectedParked.length).toBeGreaterThan(0);

      const first = scenario.start(scenario.syncArgs());
      running = first.child;
      const stopped = await first.done;
      running = undefined;
      scenario.sink.faults.set({ latencyMs: 0 });

      expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: exitCode, signal: null });
      const line = new RegExp(`^sync interrupted by ${named.replace(/[()]/g, '\\$&')}: read (\\d+), booked (\\d+), .*parked (\\d+).*, pending (\\d+)`, 'm').exec(stopped.stdout);
      expect(line).not.toBeNull();
      const [booked, parkedFirst, pending] = [Number(line![2]), Number(line![3]), Number(line![4])];
      expect(booked).toBeGreaterThanOrEqual(writesBeforeSignal - 1);
      expect(pending).toBeGreaterThan(0);
      // Some documents of the pages read were parked (unmappable) before the signal: the next run reads them again.
      expect(parkedFirst).toBeGreaterThan(0);
      expect(stopped.stdout).toContain(
        `stopped before the run ended: the ${pending} pending document(s) were not sent; \`koppelwerk sync ${scenario.file}\` finishes it (nothing is booked twice)`,
      );
      expect(stopped.stdout).not.toMatch(/^sync ok|undefined/m);

      // Both sides were reached: both dots are green, with the time of this run.
      const dots = (await readStatus(scenario)).checks;
      expect(dots.map((dot) => [dot.side, dot.ok]).sort()).toEqual([
        ['sink', true],
        ['source', true],
      ]);

      // The next sync finishes it; what the first run parked is not announced again as newly parked.
      const second = await scenario.run(scenario.syncArgs('--json'));
      expect([ExitCode.ok, ExitCode.parked]).toContain(second.code);
      const counts = (JSON.parse(second.stdout) as Summary).counts;
      expect(counts.pending).toBe(0);
      expect(parkedFirst + counts.parked).toBe(scenario.expectedParked.length);
      // Those on a page read again are counted as still parked; the others were behind the cursor already.
      expect(counts.stillParked).toBeLessThanOrEqual(parkedFirst);
      expect(second.code).toBe(counts.parked > 0 ? ExitCode.parked : ExitCode.ok);
      await expectExactlyOnce(scenario);
      expectNoSecretsLeaked(scenario);
    },
    SCENARIO_TIMEOUT_MS,
  );
});

describe('a sync with nothing to send', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it(
    'says e-Boekhouden was not contacted and keeps its dot, even after its codes stopped working',
    async () => {
      s = await startScenario({ tenant: 'nothing-new', prefix: 'NIX', orders: 20, orderSeed: 77 });
      const first = await s.run(s.syncArgs());
      expect([ExitCode.ok, ExitCode.parked]).toContain(first.code);
      const greenAt = (await readStatus(s)).checks.find((dot) => dot.side === 'sink') as { ok: boolean; checkedAt?: string } | undefined;
      expect(greenAt?.ok).toBe(true);

      // A password change in e-Boekhouden: the codes in the tenant file no longer work.
      s.rotateLogin();
      const idle = await s.run(s.syncArgs());
      expect(idle.code).toBe(ExitCode.ok);
      expect(idle.stdout).toMatch(/^sync ok: read 0, booked 0/m);
      expect(idle.stdout).toContain(
        `nothing was sent, so e-Boekhouden.nl was not contacted and its dot stays as it was; \`koppelwerk check ${s.file}\` tests its connection`,
      );
      const after = (await readStatus(s)).checks.find((dot) => dot.side === 'sink') as { ok: boolean; checkedAt?: string } | undefined;
      expect(after).toEqual(greenAt);

      // `check` does contact it, and the dot turns red.
      const check = await s.run(['check', s.file]);
      expect(check.code).toBe(ExitCode.authentication);
      expect((await readStatus(s)).checks.find((dot) => dot.side === 'sink')?.ok).toBe(false);
    },
    SCENARIO_TIMEOUT_MS,
  );
});

/**
 * `koppelwerk status --database <url>`: every tenant of the service in one listing, with its next
 * run as the queue's schedule will fire it.
 */
import { describeError } from '@koppelwerk/core';
import type { CheckRecord } from '@koppelwerk/engine';
import { amsterdamTime, type Output, table as listing } from '@koppelwerk/runtime';
import { nextScheduledRuns, startTenantQueue, TenantTable } from '@koppelwerk/service';

/** A side's dot with when it was last checked (grey: never). */
function dot(check: CheckRecord | undefined): string {
  if (!check) return 'grey';
  return `${check.ok ? 'green' : 'RED'} ${amsterdamTime(check.checkedAt)}`;
}

export async function serviceStatusCommand(url: string, output: Output): Promise<number> {
  const table = await TenantTable.open(url);
  try {
    const tenants = await table.list();
    const queue = await startTenantQueue(url, 'client', (error) => output.error(`queue problem: ${describeError(error)}`));
    let nextRuns: Map<string, Date>;
    try {
      nextRuns = await nextScheduledRuns(queue);
    } finally {
      await queue.stop({ graceful: false });
    }
    const report = [];
    for (const tenant of tenants) {
      const store = await table.openStateStore(tenant.tenant);
      try {
        const [checks, runs, openErrors, lock] = await Promise.all([store.getChecks(), store.listRuns(1), store.countOpenErrors(), store.getLock()]);
        const nextRun = tenant.scheduleEnabled ? (nextRuns.get(tenant.tenant)?.toISOString() ?? null) : null;
        report.push({ tenant: tenant.tenant, everyMinutes: tenant.everyMinutes, scheduleEnabled: tenant.scheduleEnabled, checks, lastRun: runs[0] ?? null, nextRun, openErrors, running: lock });
      } finally {
        await store.close();
      }
    }
    output.result({ tenants: report });
    if (report.length === 0) {
      output.line('no tenants yet: add one with `koppelwerk tenants add <tenant.yaml> --database <url>`');
      return 0;
    }
    const rows = report.map((t) => {
      const side = (name: string) => t.checks.find((c) => c.side === name);
      const run = t.lastRun;
      const counts = run?.counts;
      return [
        t.tenant,
        dot(side('source')),
        dot(side('sink')),
        run ? amsterdamTime(run.startedAt) : 'no runs yet',
        run ? (run.outcome ?? 'running') : '-',
        counts ? String(counts.booked) : '-',
        counts ? String(counts.parked) : '-',
        String(t.openErrors),
        t.running ? `yes (pid ${t.running.pid} on ${t.running.host})` : 'no',
        t.nextRun ? amsterdamTime(t.nextRun) : t.scheduleEnabled ? 'not scheduled (start a worker)' : '-',
        t.scheduleEnabled ? `every ${t.everyMinutes} min` : 'disabled',
      ];
    });
    const headers = ['tenant', 'source (checked)', 'sink (checked)', 'last run (Amsterdam)', 'outcome', 'booked', 'parked', 'open errors', 'running', 'next run (Amsterdam)', 'schedule'];
    for (const line of listing(headers, rows, [5, 6, 7])) {
      output.line(line);
    }
    const red = report.filter((t) => t.checks.some((c) => !c.ok));
    if (red.length) {
      output.line('');
      for (const t of red) for (const c of t.checks.filter((c) => !c.ok)) output.line(`${t.tenant} ${c.side} RED: ${c.reason ?? 'not reachable'}${c.hint ? ` (what to do: ${c.hint})` : ''}`);
    }
    return 0;
  } finally {
    await table.close();
  }
}

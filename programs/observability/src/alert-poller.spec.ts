/**
 * The service's alerts: `serve` looks at every tenant's overview and tells what changed, once.
 */
import { MemoryLogger } from '@koppelwerk/core';
import type { DotView, TenantOverview } from '@koppelwerk/runtime';
import type { Alert, AlertChannel } from './alert';
import { AlertNotifier } from './alert-notifier';
import { AlertPoller } from './alert-poller';

class RecordingChannel implements AlertChannel {
  readonly name = 'recording';
  readonly alerts: Alert[] = [];
  async send(alert: Alert): Promise<void> {
    this.alerts.push(alert);
  }
}

const dot = (side: 'source' | 'sink', state: DotView['state'], reason?: string): DotView => ({
  side,
  title: side === 'source' ? 'MijnWebwinkel' : 'e-Boekhouden',
  state,
  ...(reason ? { reason, hint: 'save the new codes' } : {}),
});

function overview(tenant: string, sink: DotView['state'], openErrors = 0, configProblem?: string): TenantOverview {
  return {
    tenant,
    dots: { source: dot('source', 'green'), sink: dot('sink', sink, sink === 'red' ? 'codes refused' : undefined) },
    lastRun: null,
    nextRunAt: null,
    everyMinutes: 60,
    openErrors,
    running: null,
    ...(configProblem ? { configProblem } : {}),
  };
}

describe('AlertPoller', () => {
  function setup() {
    const logger = new MemoryLogger();
    const channel = new RecordingChannel();
    const notifier = new AlertNotifier({ channels: [channel], openErrorsAbove: 2, logger });
    let current: TenantOverview[] = [];
    let failing = false;
    const directory = {
      tenants: async () => current.map((o) => o.tenant),
      overview: async (tenants: readonly string[]) => {
        if (failing) throw new Error('connection to the database lost');
        return current.filter((o) => tenants.includes(o.tenant));
      },
    };
    const poller = new AlertPoller({ directory, notifier, logger });
    return { logger, channel, poller, set: (next: TenantOverview[]) => (current = next), fail: (value: boolean) => (failing = value) };
  }

  it('tells each tenant\'s changes once, with the dot\'s reason and hint, across polls', async () => {
    const { channel, poller, set } = setup();
    set([overview('a', 'green'), overview('b', 'red', 3), overview('c', 'red', 0, 'tenant file does not load')]);
    await poller.pollOnce();
    await poller.pollOnce();
    expect(channel.alerts.map((a) => [a.tenant, a.event, a.side, a.reason, a.hint])).toEqual([
      ['b', 'dot-red', 'sink', 'codes refused', 'save the new codes'],
      ['b', 'errors-above', undefined, undefined, undefined],
    ]);
    set([overview('a', 'red'), overview('b', 'green', 1)]);
    await poller.pollOnce();
    expect(channel.alerts.slice(2).map((a) => [a.tenant, a.event])).toEqual([
      ['a', 'dot-red'],
      ['b', 'dot-green'],
      ['b', 'errors-below'],
    ]);
  });

  it('logs a directory that cannot be read and tries again at the next poll', async () => {
    const { channel, poller, set, fail, logger } = setup();
    set([overview('b', 'red')]);
    fail(true);
    await expect(poller.pollOnce()).resolves.toBeUndefined();
    expect(logger.entries.find((e) => e.level === 'error')?.fields).toMatchObject({ error: 'connection to the database lost' });
    fail(false);
    poller.start();
    await poller.stop(); // waits for the poll in flight
    expect(channel.alerts.map((a) => a.event)).toEqual(['dot-red']);
  });
});

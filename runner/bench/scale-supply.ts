/**
 * The work the scale benchmark gives the service: one Mijnwebwinkel simulator per tenant (all in
 * the bench's process) and a feeder that keeps a run of every tenant in the queue. Before a run of
 * a tenant is queued, its shop receives the same `ordersPerRun` new orders (fresh numbers, status
 * changed now, customers the administration knows after the first run); the next run is queued
 * when the previous one has finished, so each run books exactly those orders, whatever the number
 * of workers. With many more tenants than run slots the queue is never empty: the figures are the
 * workers' capacity, not a schedule's demand.
 */
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { TENANT_QUEUE, type TenantJobData, type TenantQueue } from '@koppelwerk/service';

type ShopOrder = ReturnType<typeof generateBookableOrders>['orders'][number];

export const tenantName = (index: number) => `scale-${String(index).padStart(4, '0')}`;
const tenantIndex = (name: string) => Number(name.slice('scale-'.length));

export class ScaleShops {
  /** Each tenant's next order number: never reused, so an invoice number is never booked twice in an administration. */
  private readonly nextNumber: number[];

  private constructor(
    readonly shops: RunningMijnwebwinkelSimulator[],
    private readonly batch: ShopOrder[],
  ) {
    this.nextNumber = shops.map(() => 100_001);
  }

  static async start(tenants: number, ordersPerRun: number): Promise<ScaleShops> {
    const batch = generateBookableOrders(ordersPerRun, 16).orders;
    const shops = await Promise.all(Array.from({ length: tenants }, () => startMijnwebwinkelSimulator({ port: 0, seed: { orders: [] } })));
    return new ScaleShops(shops, batch);
  }

  get credentials(): { token: string; partner_token: string } {
    return this.shops[0].credentials;
  }

  /** The tenant's shop receives the batch again as new orders, changed now. */
  supply(index: number): void {
    const shop = this.shops[index];
    for (const template of this.batch) {
      const order = { ...structuredClone(template), number: this.nextNumber[index]++ };
      shop.addOrders(order);
      shop.setStatus(order.number, Number(order.status));
    }
  }

  /** Every shop empty again (order numbers go on). */
  empty(): void {
    for (const shop of this.shops) shop.server.reset();
  }

  close(): Promise<unknown> {
    return Promise.all(this.shops.map((shop) => shop.close()));
  }
}

const FINISHED = /\s(\S+) (?:run|sync) job \S+: /;
const FAILED = /\s(\S+) (?:run|sync) job \S+ failed: (.*)$/;

export interface Feeder {
  /** Give it every line a worker prints (a run's end queues the tenant's next). */
  onLine(line: string): void;
  /** Resolves when every tenant has finished a run (or had one fail) since the feeder started. */
  everyTenantFinished: Promise<void>;
  stop(): void;
  figures(): { sent: number; refused: number; failedRuns: number; lastFailure?: string; sendErrors: number };
}

/**
 * Queues a run for every tenant (with its orders), and with `refill` the next run of a tenant when
 * one ends. The queue would refuse a second queued job of a tenant (`stately`); that is counted.
 */
export function startFeeder(queue: TenantQueue, shops: ScaleShops, tenants: number, refill: boolean): Feeder {
  let stopped = false;
  const counts = { sent: 0, refused: 0, failedRuns: 0, sendErrors: 0, lastFailure: undefined as string | undefined };
  const finished = new Set<string>();
  let allFinished: () => void = () => undefined;
  const everyTenantFinished = new Promise<void>((resolve) => (allFinished = resolve));
  const send = (index: number) => {
    if (stopped) return;
    shops.supply(index);
    const data: TenantJobData = { tenant: tenantName(index), command: 'sync' };
    queue.boss.send(TENANT_QUEUE, data, { singletonKey: data.tenant }).then(
      (id) => (id ? counts.sent++ : counts.refused++),
      () => counts.sendErrors++,
    );
  };
  for (let index = 0; index < tenants; index++) send(index);
  return {
    onLine(line) {
      const failed = FAILED.exec(line);
      if (failed) {
        counts.failedRuns++;
        counts.lastFailure = failed[2];
      }
      const done = failed ?? FINISHED.exec(line);
      if (!done) return;
      finished.add(done[1]);
      if (finished.size >= tenants) allFinished();
      // A failed job is retried by the queue with the orders it had.
      if (refill && !failed) send(tenantIndex(done[1]));
    },
    everyTenantFinished,
    stop: () => (stopped = true),
    figures: () => ({ ...counts }),
  };
}

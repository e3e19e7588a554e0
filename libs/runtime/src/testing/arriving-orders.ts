/**
 * Orders that keep arriving in a Mijnwebwinkel simulator while a daemon runs: each batch bookable
 * (a booked status, no quirks), numbered after the previous batch and stamped with the moment it
 * arrives (the shop's wall clock in Europe/Amsterdam), as a real shop stamps a status change, so a
 * tenant's cursor reaches it on its next run.
 */
import { BOOKED_DEMO_STATUSES, generateOrders, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';

export class ArrivingOrders {
  /** Numbers of every order added so far. */
  readonly numbers: string[] = [];
  private nextNumber: number;
  private batch = 0;

  constructor(
    private readonly shop: RunningMijnwebwinkelSimulator,
    options: { firstNumber?: number } = {},
  ) {
    this.nextNumber = options.firstNumber ?? 50_001;
  }

  /** Adds `count` new bookable orders to the shop. */
  add(count: number): string[] {
    this.batch++;
    const generated = generateOrders({ count: count * 3 + 10, firstNumber: this.nextNumber, randomSeed: this.batch, quirks: false, creditShare: 0, start: amsterdamWallClock(new Date()), minutesBetween: 0 });
    const orders = generated.orders.filter((order) => BOOKED_DEMO_STATUSES.includes(Number(order.status))).slice(0, count);
    this.nextNumber += count * 3 + 10;
    this.shop.addOrders(...orders);
    const numbers = orders.map((order) => String(order.number));
    this.numbers.push(...numbers);
    return numbers;
  }
}

const wallClock = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `yyyy-mm-dd hh:mm:ss` in Europe/Amsterdam, as Mijnwebwinkel stamps times. */
function amsterdamWallClock(at: Date): string {
  return wallClock.format(at);
}

/** The simulated hourly call quota: every API call takes one; at 0 the API answers 403 until the hour turns. */
const HOUR_MS = 3_600_000;

export class SimQuota {
  private hour = -1;
  private used = 0;

  constructor(
    public perHour: number,
    private readonly now: () => Date,
  ) {}

  /** Takes one call; the calls left after it, or null when the quota was already spent. */
  take(): number | null {
    this.roll();
    if (this.used >= this.perHour) return null;
    this.used++;
    return this.perHour - this.used;
  }

  remaining(): number {
    this.roll();
    return Math.max(0, this.perHour - this.used);
  }

  /** Sets the calls left this hour (tests, demos). */
  setRemaining(left: number): void {
    this.roll();
    this.used = Math.max(0, this.perHour - left);
  }

  reset(): void {
    this.hour = -1;
    this.used = 0;
  }

  private roll(): void {
    const hour = Math.floor(this.now().getTime() / HOUR_MS);
    if (hour !== this.hour) {
      this.hour = hour;
      this.used = 0;
    }
  }
}

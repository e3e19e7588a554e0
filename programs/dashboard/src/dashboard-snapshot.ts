/**
 * The embedded directory's overview: a snapshot of every tenant's dots, runs, open errors and lock,
 * read in the background, so that the overview of a thousand tenants answers from memory instead
 * of opening a thousand SQLite files per request (each open, read and close costs a few
 * milliseconds: seconds for all of them, and as many file descriptors if they were kept open).
 *
 * A pass reads the tenants one after the other, yielding to the event loop between two, so
 * requests are served while it runs. After a pass it pauses `max(minPauseMs, loadFactor x the
 * pass's duration)`: with a thousand tenants the reading stays a small share of one core. An
 * action refreshes its tenant at once. Each overview carries `readAt`: the page shows its age.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TenantOverview } from '@koppelwerk/runtime';

export interface SnapshotSource {
  /** Looks for added, changed and removed tenants. */
  scan(): void;
  names(): string[];
  /** One tenant's overview, read now. */
  read(name: string): Promise<TenantOverview>;
}

export interface SnapshotOptions {
  /** The shortest pause between two passes. Default 15 s. */
  minPauseMs?: number;
  /** The pause is at least this many times the last pass's duration. Default 5. */
  loadFactor?: number;
}

export class DashboardSnapshot {
  private readonly views = new Map<string, TenantOverview>();
  private pass?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly source: SnapshotSource,
    private readonly options: SnapshotOptions = {},
  ) {}

  /** Reads every tenant again; a call while a pass runs waits for that pass. */
  refreshAll(): Promise<void> {
    this.pass ??= this.readAll().finally(() => (this.pass = undefined));
    return this.pass;
  }

  /** Reads one tenant again (after an action). */
  async refresh(name: string): Promise<void> {
    this.views.set(name, await this.source.read(name));
  }

  /** The tenants' overviews as last read, in the order asked; a tenant not read yet is read now. */
  async overview(names: readonly string[]): Promise<TenantOverview[]> {
    const result: TenantOverview[] = [];
    for (const name of names) {
      if (!this.views.has(name)) await this.refresh(name);
      result.push(this.views.get(name)!);
    }
    return result;
  }

  /** Starts the background passes, the first one a pause from now (the caller has just read everything). */
  start(): void {
    this.schedule(this.options.minPauseMs ?? 15_000);
  }

  private schedule(pauseMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      const started = Date.now();
      try {
        await this.refreshAll();
      } catch {
        // The directory could not be read this time (removed, out of descriptors): the last snapshot stays.
      }
      this.schedule(Math.max(this.options.minPauseMs ?? 15_000, (this.options.loadFactor ?? 5) * (Date.now() - started)));
    }, pauseMs);
    this.timer.unref();
  }

  /** Stops the passes; waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
  }

  private async readAll(): Promise<void> {
    this.source.scan();
    const names = this.source.names();
    const known = new Set(names);
    for (const name of [...this.views.keys()]) if (!known.has(name)) this.views.delete(name);
    for (const name of names) {
      if (this.stopped) return;
      this.views.set(name, await this.source.read(name));
      await nextTurn();
    }
  }
}

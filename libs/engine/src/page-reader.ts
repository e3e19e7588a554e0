/**
 * Reading the source for a sync, an export or a dry run, and moving the cursor.
 */
import { classifyError, type LocalDate, type SourcePage } from '@koppelwerk/core';
import type { DocumentProcessor } from './document-processor';
import type { EngineContext } from './engine-context';
import type { Run } from './run-state';
import type { CursorStore } from './state-store';
import type { DocumentOutcome } from './sync-summary';

export class PageReader {
  constructor(
    private readonly ctx: EngineContext,
    private readonly cursors: CursorStore,
    private readonly documents: DocumentProcessor,
  ) {}

  /**
   * Reads page after page and hands each page's documents to the run's pool, reading one page
   * ahead so the sink stays busy at page ends. The cursor moves past a page only when every
   * document of it, and of every page before it, is booked or parked.
   */
  async readPages(run: Run, range: { from?: LocalDate; to?: LocalDate }): Promise<void> {
    const exporting = run.mode === 'export' || range.from !== undefined || range.to !== undefined;
    const before = exporting ? null : await this.cursors.getCursor(this.ctx.stream);
    if (!exporting) run.cursor = { before, after: before };
    const inFlight: { outcomes: Promise<DocumentOutcome[]>; nextCursor: string | null }[] = [];
    let blocked = false;
    const settleOldest = async (): Promise<void> => {
      const page = inFlight.shift()!;
      const outcomes = await page.outcomes;
      if (!outcomes.every((o) => o !== 'pending')) blocked = true;
      if (!blocked && !exporting && !run.dry) {
        await this.cursors.saveCursor(this.ctx.stream, page.nextCursor);
        run.cursor = { before, after: page.nextCursor };
      }
    };
    const pages = this.ctx.deps.source.read({ cursor: before, pageSize: this.ctx.options.pageSize, from: range.from, to: range.to })[Symbol.asyncIterator]();
    let readError: unknown;
    try {
      while (!blocked && !run.stopWriting && !run.stopRequested) {
        let next: IteratorResult<SourcePage>;
        try {
          next = await pages.next();
          run.reached.source = true;
        } catch (error) {
          readError = error;
          break;
        }
        if (next.done) break;
        const page = next.value;
        run.counts.read += page.items.length;
        run.progress('read');
        const outcomes = run.runBounded(page.items.map((item) => ({ key: item.key, perform: () => this.documents.processItem(run, item) })));
        outcomes.catch(() => undefined); // awaited in order below; this only keeps a failure from being "unhandled" meanwhile
        inFlight.push({ outcomes, nextCursor: page.nextCursor });
        while (inFlight.length > 1) await settleOldest();
      }
      while (inFlight.length > 0) await settleOldest();
    } catch (error) {
      await Promise.allSettled(inFlight.map((page) => page.outcomes));
      throw error;
    } finally {
      if (readError === undefined) await pages.return?.().catch(() => undefined);
    }
    if (readError !== undefined) {
      if (classifyError(readError) === 'authentication' && !run.dry) await this.ctx.saveRed('source', readError, run);
      throw readError;
    }
  }
}

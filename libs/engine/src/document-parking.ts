/**
 * Parking a document in the error queue with its reason: the one way every part of a run (the
 * document processor, the booking writer, a retry) gives up on a document until a person acts.
 */
import type { EngineContext } from './engine-context';
import type { Run } from './run-state';
import type { ErrorQueueStore } from './state-store';
import type { DocumentOutcome } from './sync-summary';

export class DocumentParking {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ErrorQueueStore,
  ) {}

  /** Parks a document in the error queue (a dry run only reports it as a gap). */
  async park(run: Run, documentKey: string, kind: string | null, raw: unknown, recordJson: string | null, error: unknown): Promise<DocumentOutcome> {
    const info = this.ctx.errorInfo(error);
    if (run.dry) {
      run.dryRun!.gaps.push({ documentKey, ...info });
      return 'parked';
    }
    // Read again by a sync or export while its entry is still open: it stays parked (the entry is updated),
    // but it was announced when it was first parked. A retry's failure is that retry's result.
    const stillOpen = run.mode !== 'retry' && (await this.store.countErrors({ documentKey })) > 0;
    await this.store.recordParked({ documentKey, kind, raw, recordJson, error: info, runId: run.runId });
    this.ctx.logger.warn(`${stillOpen ? 'still parked' : 'parked'} ${documentKey}: ${info.message}`, { runId: run.runId, errorClass: info.errorClass, code: info.code });
    return stillOpen ? 'stillParked' : 'parked';
  }
}

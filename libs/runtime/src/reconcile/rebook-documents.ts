/**
 * `reconcile --rebook`: which of the documents asked for can be booked again (Koppelwerk booked
 * them, and the books no longer hold them), and booking those through the engine (rebook-work.ts),
 * which asks the books again under the run lock before it writes.
 */
import type { Booking } from '@koppelwerk/core';
import { decodeJson, type DocumentRef, type SyncSummary } from '@koppelwerk/engine';
import type { TenantRuntime } from '../tenant-runtime';
import { reconcileWorded } from './reconcile-tenant';

export interface RebookRefusal {
  document: string;
  message: string;
  code: string;
  params: Record<string, string | number>;
}

export interface RebookPlan {
  /** What will be booked again: the document, its invoice number and the booking the books lost. */
  documents: (DocumentRef & { invoiceNumber: string; sinkId: string | null })[];
  refused: RebookRefusal[];
}

/** Asks the books about each document: booked again only when Koppelwerk booked it and the books lost it. */
export async function planRebook(runtime: TenantRuntime, documents: readonly string[]): Promise<RebookPlan> {
  const plan: RebookPlan = { documents: [], refused: [] };
  const ledger = await runtime.store.listLedger();
  for (const document of new Set(documents)) {
    const row = ledger.find((entry) => entry.documentKey === document && entry.bookingJson && entry.state !== 'failed');
    if (!row?.bookingJson) {
      const said = reconcileWorded.text('RECONCILE_REBOOK_NOT_BOOKED', { document });
      plan.refused.push({ document, message: said.message, code: said.code, params: said.params });
      continue;
    }
    const booking = decodeJson<Booking>(row.bookingJson);
    const found = await runtime.sink.findBooked(booking);
    if (found) {
      const said = reconcileWorded.text('RECONCILE_REBOOK_NOT_DELETED', { document, invoiceNumber: booking.entry.invoiceNumber, sinkId: found.sinkId });
      plan.refused.push({ document, message: said.message, code: said.code, params: said.params });
      continue;
    }
    plan.documents.push({ documentKey: row.documentKey, kind: row.kind, invoiceNumber: booking.entry.invoiceNumber, sinkId: row.sinkId });
  }
  return plan;
}

/** Books the plan's documents again: each once, logged as `rebook` then `booked`. */
export function rebookDocuments(runtime: TenantRuntime, plan: RebookPlan, options: { signal?: AbortSignal } = {}): Promise<SyncSummary> {
  return runtime.engine.rebook(
    plan.documents.map(({ documentKey, kind }) => ({ documentKey, kind })),
    { runId: runtime.runId, signal: options.signal },
  );
}

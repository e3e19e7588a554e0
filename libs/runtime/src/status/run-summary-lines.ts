/**
 * What a run did, in text, as every program shows it (the CLI's sync and retry, the service's queued
 * commands, the worker's job lines, the dashboard's action results): the counts line, why it ended
 * as it did, and, where a command line fits (not on a web page), the command to run next; and a dry
 * run's table of what would be booked.
 */
import { Decimal, renderMessage, type BookingEntry } from '@koppelwerk/core';
import type { DryRunReport, SyncSummary } from '@koppelwerk/engine';
import { describeSignal, type StopSignal } from '../interruption';
import { money, table } from '../output';

/** Where a summary is shown, for the lines that depend on it. */
export interface SummaryContext {
  /**
   * How a person names this tenant on the command line (`shop.yaml`, or `shop --database <url>`), for
   * the commands a line suggests; without it no command line is suggested (a web page).
   */
  tenantArgument?: string;
  /** The sink's name, for saying that it was not contacted. */
  sinkTitle?: string;
  /** The signal that stopped the run. */
  interrupted?: StopSignal;
  /** The language of why the run ended (the catalogue words it); English unless asked. */
  language?: 'nl' | 'en';
}

/** Why a run ended, in the language asked for. */
function messageIn(summary: SyncSummary, language: 'nl' | 'en' = 'en'): string | undefined {
  if (summary.message === undefined || language === 'en') return summary.message;
  return renderMessage(summary.messageText?.code, summary.messageText?.params, language, summary.message).text;
}

export function summaryLines(summary: SyncSummary, context: SummaryContext = {}): string[] {
  const c = summary.counts;
  if (summary.mode === 'dry-run') {
    const report = summary.dryRun;
    // Already booked: by our ledger, or found in the bookkeeping; a sync skips both (its `skipped`).
    const alreadyBooked = (report?.alreadyBooked.length ?? 0) + (report?.alreadyInBooks?.length ?? 0);
    const lines = [
      `dry run ${summary.outcome === 'parked' ? 'done' : summary.outcome}: read ${c.read}, would book ${report?.wouldSend.length ?? 0}, ` +
        `would park ${report?.gaps.length ?? 0}, already booked ${alreadyBooked}; nothing was written anywhere`,
    ];
    // The bookkeeping's refusal is said (with what to do) by dryRunLines; any other reason here.
    const notAsked = report?.sinkNotAsked;
    if (summary.outcome !== 'ok' && summary.outcome !== 'parked' && summary.message && !(notAsked && summary.message.endsWith(notAsked.message))) lines.push(summary.message);
    return lines;
  }
  const stopped = context.interrupted !== undefined;
  const lines = [
    `${summary.mode} ${stopped ? `interrupted by ${describeSignal(context.interrupted!)}` : summary.outcome}: ` +
      `read ${c.read}, booked ${c.booked}, skipped ${c.skipped} (already booked), parked ${c.parked}` +
      (c.stillParked ? ` (and ${c.stillParked} still parked from earlier runs)` : '') +
      `, pending ${c.pending}` +
      (c.settled ? `, settled ${c.settled} in-doubt` : '') +
      (c.relationsCreated ? `, relations created ${c.relationsCreated}` : '') +
      (c.acknowledged ? `, acknowledged ${c.acknowledged}` : ''),
  ];
  const command = (name: string, ...rest: string[]) => (context.tenantArgument ? `\`${['koppelwerk', name, context.tenantArgument, ...rest].join(' ')}\`` : undefined);
  if (stopped) {
    const rest = c.pending ? `the ${c.pending} pending document(s) were not sent` : 'nothing was left pending';
    lines.push(`stopped before the run ended: ${rest}; ${(summary.mode === 'retry' ? command('retry', '--all') : command('sync')) ?? 'the next run'} finishes it (nothing is booked twice)`);
  }
  if (summary.message && !(stopped && summary.outcome === 'ok')) lines.push(messageIn(summary, context.language) ?? summary.message);
  if (!stopped && command('check') && summary.mode === 'sync' && !summary.reached.sink && (summary.outcome === 'ok' || summary.outcome === 'parked')) {
    const sink = context.sinkTitle ?? 'the bookkeeping';
    lines.push(`nothing was sent, so ${sink} was not contacted and its dot stays as it was; ${command('check')} tests its connection`);
  }
  if ((c.parked || c.stillParked) && command('errors')) lines.push(`see the parked documents with ${command('errors')}`);
  return lines;
}

/** The rows a booking would send: one per journal row or invoice line. */
function bookingRows(documentKey: string, entry: BookingEntry): string[][] {
  if (entry.type === 'journal') {
    return entry.rows.map((row, i) => [
      i === 0 ? documentKey : '',
      i === 0 ? entry.relationCode : '',
      row.vatCode,
      row.ledger,
      money(row.amountExcl),
      money(row.amountVat),
      money(row.amountIncl),
    ]);
  }
  // An invoice states quantity x price excl. VAT per line; e-Boekhouden adds the VAT.
  return entry.lines.map((line, i) => [
    i === 0 ? documentKey : '',
    i === 0 ? entry.relationCode : '',
    line.vatCode,
    line.ledger ?? '(article)',
    money(Decimal.of(line.quantity).times(Decimal.of(line.unitPrice)).round(2)),
    '(by e-Boekhouden)',
    '',
  ]);
}

/** What a dry run found, document by document; `sinkTitle` names the bookkeeping it asked. */
export function dryRunLines(report: DryRunReport, sinkTitle = 'the bookkeeping'): string[] {
  const lines: string[] = [];
  if (report.wouldSend.length) {
    lines.push(`would book ${report.wouldSend.length} document(s):`);
    const rows = report.wouldSend.flatMap((item) => bookingRows(item.documentKey, item.booking.entry));
    lines.push(...table(['document', 'relation', 'VAT code', 'ledger', 'excl', 'VAT', 'incl'], rows, [4, 5, 6]).map((line) => `  ${line}`));
    for (const { documentKey, booking } of report.wouldSend) {
      const entry = booking.entry;
      if (entry.type !== 'invoice') continue;
      lines.push(
        `  ${documentKey} as invoice ${entry.invoiceNumber}: template ${entry.template}, payment term ${entry.paymentTermDays} days, ` +
          `${entry.bookInLedger ? 'also booked in the ledger (open item)' : 'not booked in the ledger'}`,
      );
    }
  } else lines.push('would book nothing');
  for (const gap of report.gaps) lines.push(`would park ${gap.documentKey}: ${gap.message}${gap.field ? ` (field ${gap.field})` : ''}`);
  if (report.alreadyBooked.length) lines.push(`already booked (a sync skips them): ${report.alreadyBooked.join(', ')}`);
  const inBooks = report.alreadyInBooks ?? [];
  if (inBooks.length) {
    lines.push(`already in ${sinkTitle} (a sync skips them and marks them booked): ${inBooks.map((found) => `${found.documentKey} as ${found.sinkId}`).join(', ')}`);
  }
  if (report.sinkNotAsked) {
    const { message, hint } = report.sinkNotAsked;
    lines.push(`could not ask ${sinkTitle} which of these it already holds (a sync skips those it finds there): ${message}`);
    if (hint) lines.push(`  what to do: ${hint}`);
  }
  if (report.inDoubt.length) lines.push(`in doubt (a sync first asks the bookkeeping whether they arrived): ${report.inDoubt.join(', ')}`);
  return lines;
}

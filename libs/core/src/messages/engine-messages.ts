/**
 * The entries of the engine's codes (libs/engine and its stores): documents it parks itself, why a
 * run ended as it did, and the lines of the activity log.
 */
import { entry, type NestedText } from './message-entry';

/** An error as `errorParams('cause', error)` nests it, for the examples. */
const CAUSE = { cause: 'HTTP_FAILED_UPSTREAM', 'cause.text': 'e-Boekhouden failed upstream (503)', 'cause.what': 'e-Boekhouden AddMutatie', 'cause.status': 503 };

const ERROR_CLASS_NL: Record<string, string> = {
  configuration: 'instellingen',
  authentication: 'inloggen',
  transient: 'tijdelijk',
  rejected: 'geweigerd',
  record: 'gegevens',
};

const described = (nested: NestedText) => nested('cause', { withHint: true });

export const ENGINE_MESSAGES = {
  DUPLICATE_INVOICE_NUMBER: entry({
    example: { invoiceNumber: 'WEB-1001', otherDocument: 'sales-order:1002' },
    message: {
      nl: (p) => `factuurnummer ${p.invoiceNumber} wordt al gebruikt door document ${p.otherDocument}`,
      en: (p) => `invoice number ${p.invoiceNumber} is already used by document ${p.otherDocument}`,
    },
    hint: { nl: () => 'geef in de mapping elk document een eigen factuurnummer', en: () => 'give each document its own invoice number in the mapping' },
  }),
  RETRY_NEEDS_REFETCH: entry({
    example: {},
    message: {
      nl: () => 'de bron gaf dit record onleesbaar terug en kan het niet opnieuw ophalen; verbeter het bij de bron en exporteer dan de periode opnieuw',
      en: () => 'the source returned this record unreadable and cannot fetch it again; fix it in the source, then export its date range',
    },
  }),
  SINK_CANNOT_INVOICE: entry({
    example: {},
    message: {
      nl: () => 'deze boekhoudkoppeling kan geen facturen maken, maar de mapping maakt facturen',
      en: () => 'this sink cannot create invoices, but the mapping produces invoices',
    },
  }),

  // Why a run ended as it did (a run's message).
  RUN_PARKED: entry({
    example: { parked: 5 },
    message: {
      nl: (p) => `${p.parked} ${p.parked === 1 ? 'document' : 'documenten'} in de foutenlijst gezet`,
      en: (p) => `${p.parked} document(s) parked in the error queue`,
    },
  }),
  RUN_ENDED_BY: entry({
    example: CAUSE,
    optional: ['cause'],
    message: { nl: (_p, nested) => described(nested), en: (_p, nested) => described(nested) },
  }),
  RUN_UNREACHABLE: entry({
    example: { ...CAUSE, documentKey: 'sales-order:1001' },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `de boekhouding of de bron bleef onbereikbaar (${described(nested)}); ${p.documentKey} en de rest wachten op de volgende verwerking`,
      en: (p, nested) => `the sink or source stayed unreachable (${described(nested)}); ${p.documentKey} and the rest wait for the next run`,
    },
  }),
  RUN_SINK_NOT_ASKED: entry({
    example: CAUSE,
    optional: ['cause'],
    message: {
      nl: (_p, nested) => `kon de boekhouding niet vragen welke van deze documenten ze al heeft: ${nested('cause')}`,
      en: (_p, nested) => `could not ask the bookkeeping which of these documents it already holds: ${nested('cause')}`,
    },
  }),
  RUN_OUTCOME_UNKNOWN: entry({
    example: { documentKey: 'sales-order:1001' },
    message: {
      nl: (p) => `de uitkomst van een eerdere schrijfpoging van ${p.documentKey} is nog onbekend`,
      en: (p) => `the outcome of an earlier write of ${p.documentKey} is still unknown`,
    },
  }),
  RUN_LOCK_LOST: entry({
    example: {},
    message: {
      nl: () => 'deze verwerking verloor haar slot (een andere verwerking nam het over, of de verbinding die het vasthield viel weg); ze stopte met schrijven, de volgende verwerking gaat verder',
      en: () => 'this run lost the run lock (another run took it over, or the connection holding it ended); it stopped writing, the next run goes on',
    },
  }),
  RUN_LOCKED: entry({
    example: { runId: 'run-1', pid: 4242, host: 'web-1', acquiredAt: '2025-03-01T10:00:00.000Z', heartbeatAt: '2025-03-01T10:00:30.000Z', expiresAt: '2025-03-01T10:02:00.000Z' },
    message: {
      nl: (p) =>
        `een andere verwerking van deze koppeling is bezig (run ${p.runId}, proces ${p.pid} op ${p.host}, ` +
        `begonnen ${p.acquiredAt}, laatste teken van leven ${p.heartbeatAt}); ` +
        `probeer het opnieuw als die klaar is, of na ${p.expiresAt} als die is vastgelopen`,
      en: (p) =>
        `another run of this tenant is busy (run ${p.runId}, process ${p.pid} on ${p.host}, ` +
        `started ${p.acquiredAt}, last heartbeat ${p.heartbeatAt}); ` +
        `try again when it has finished, or after ${p.expiresAt} if it crashed`,
    },
  }),

  // The lines of the activity log.
  ACT_ALREADY_BOOKED: entry({ example: {}, message: { nl: () => 'al geboekt', en: () => 'already booked' } }),
  ACT_MAPPED: entry({
    example: { type: 'journal', invoiceNumber: 'WEB-1001', version: 'a1b2c3' },
    message: {
      nl: (p) => `${p.type === 'invoice' ? 'factuur' : 'memoriaalboeking'} ${p.invoiceNumber} (mapping ${p.version})`,
      en: (p) => `${p.type} ${p.invoiceNumber} (mapping ${p.version})`,
    },
  }),
  ACT_SETTLED: entry({
    example: { afterUnclearWrite: 'yes' },
    optional: ['afterUnclearWrite'],
    message: {
      nl: (p) => `afgehandeld: ${p.afterUnclearWrite === 'yes' ? 'na een onduidelijke schrijfpoging ' : ''}teruggevonden in de boekhouding`,
      en: (p) => `settled: found in the bookkeeping${p.afterUnclearWrite === 'yes' ? ' after an unclear write' : ''}`,
    },
  }),
  ACT_BOOKED_ELSEWHERE: entry({
    example: { invoiceNumber: 'WEB-1001' },
    message: {
      nl: (p) => `elders al geboekt: de administratie had factuurnummer ${p.invoiceNumber} al; niet nog eens geboekt`,
      en: (p) => `already booked elsewhere: the administration already had invoice number ${p.invoiceNumber}; not booked again`,
    },
  }),
  ACT_NOT_ACKNOWLEDGED: entry({
    example: CAUSE,
    optional: ['cause'],
    message: {
      nl: (_p, nested) => `geboekt, maar de bron is nog niet ingelicht (de volgende verwerking probeert het opnieuw): ${described(nested)}`,
      en: (_p, nested) => `booked, but the source was not told yet (next run tries again): ${described(nested)}`,
    },
  }),
  ACT_PARKED: entry({
    example: { errorClass: 'record', errorCode: 'MAP_NO_LINES', cause: 'MAP_NO_LINES', 'cause.of': 'document', 'cause.text': 'the document has no lines' },
    optional: ['errorCode', 'cause'],
    message: {
      nl: (p, nested) => `${ERROR_CLASS_NL[p.errorClass] ?? p.errorClass}${p.errorCode ? ` ${p.errorCode}` : ''}: ${nested('cause')}`,
      en: (p, nested) => `${p.errorClass}${p.errorCode ? ` ${p.errorCode}` : ''}: ${nested('cause')}`,
    },
  }),
  STATE_DATABASE_UNREACHABLE: entry({
    example: { cause: 'NO_ANSWER', 'cause.what': 'PostgreSQL', 'cause.systemCode': 'ECONNREFUSED', 'cause.text': 'connect ECONNREFUSED 127.0.0.1:5432 (ECONNREFUSED)' },
    optional: ['cause'],
    message: {
      nl: (_p, nested) => `de database met de status is niet bereikbaar: ${described(nested)}`,
      en: (_p, nested) => `the state database is unreachable: ${described(nested)}`,
    },
  }),
  STATE_DETAILS_ERASED: entry({
    example: { retainDays: 30 },
    message: {
      nl: (p) => `details verwijderd ${p.retainDays} ${p.retainDays === 1 ? 'dag' : 'dagen'} nadat de fout was afgehandeld (state.retainDays)`,
      en: (p) => `details removed ${p.retainDays} ${p.retainDays === 1 ? 'day' : 'days'} after it was resolved (state.retainDays)`,
    },
  }),
  ACT_REBOOK: entry({
    example: { sinkId: '412', invoiceNumber: 'WEB-1001' },
    message: {
      nl: (p) => `opnieuw te boeken: ${p.invoiceNumber} (eerder geboekt als ${p.sinkId}) is uit de boekhouding verwijderd`,
      en: (p) => `to be booked again: ${p.invoiceNumber} (booked before as ${p.sinkId}) was deleted from the books`,
    },
  }),
};

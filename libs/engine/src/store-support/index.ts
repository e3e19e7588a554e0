/**
 * What the StateStore implementations (@koppelwerk/store-sqlite, @koppelwerk/store-postgres)
 * share, so each keeps only its SQL: rows to records, the list filters for either dialect, the
 * group commit and activity buffer, the lock takeover rule and the retention rules.
 */
export { decideLock, isoAfter, isoTime, paramsColumn, paramsValue, parkedMessage, parkedText, processIsAlive } from './state-rows';
export { toActivityEntry, toCheckRecord, toErrorEntry, toLedgerEntry, toLockHolder, toRunRecord } from './state-rows';
export type { LockDecision, Row } from './state-rows';
export { activityConditions, errorConditions, ledgerConditions, Params, whereClause } from './state-filters';
export { ActivityBuffer, GroupCommit, MAX_UNWRITTEN_ACTIVITY } from './group-commit';
export type { BufferedActivity, GroupFailures } from './group-commit';
export { checkRetainDays, erasedErrorMessage, erasedErrorParams, retentionCutoff } from './retention-period';

/**
 * The escape hatch: a rule may name a TypeScript function registered by a connector or the
 * tenant, for what the tables cannot say. A function returns a value (a VAT code, a ledger, a
 * relation code) or `undefined` to let the next rule decide.
 */
import type { DocumentLine, SourceDocument, WorkOrder } from '@koppelwerk/core';

export interface MappingFunctionInput {
  document: SourceDocument | WorkOrder;
  line?: DocumentLine;
  /** Set when a ledger rule calls the function: the VAT code the line already got. */
  vatCode?: string;
}

export type MappingFunction = (input: MappingFunctionInput) => string | undefined;

export type MappingFunctions = Readonly<Record<string, MappingFunction>>;

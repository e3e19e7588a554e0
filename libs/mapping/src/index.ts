export { compileMapping, type CompileOptions } from './compile-mapping';
export { CompiledMapping, DEFAULT_LIMITS, type MappingLimits } from './compiled-mapping';
export { mappingSchema, type MappingRules, type MappingRulesInput, type VatRule, type LedgerRule } from './mapping-schema';
export type { MappingFunction, MappingFunctionInput, MappingFunctions } from './mapping-function';
export { TEMPLATE_FIELDS } from './text-template';

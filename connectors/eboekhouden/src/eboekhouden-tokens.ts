/** DI tokens internal to the e-Boekhouden connector. */
export const EboekhoudenSettings = Symbol.for('koppelwerk.eboekhouden.Settings');
/** The core ModuleContext (tenant, logger, redactor) the module was created with. */
export const EboekhoudenModuleContext = Symbol.for('koppelwerk.eboekhouden.ModuleContext');

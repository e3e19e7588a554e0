/**
 * The version of the connector contract: the manifest, the DI tokens and the interfaces a connector
 * binds (ShopSource, AccountingSink, ImportTarget), the canonical model and the error taxonomy.
 * Raised when any of them changes in a way a connector built before would not survive. A connector
 * writes the number it was built for as a literal in its manifest (`contractVersion: 1`); the
 * runner loads only connectors built for its own.
 */
export const CONTRACT_VERSION = 1 as const;

export type ContractVersion = typeof CONTRACT_VERSION;

/**
 * The live lists a link's form offers instead of typing: what each connector's lookups return for
 * the settings at hand (the shop's own order statuses, the administration's ledger accounts), keyed
 * by the input they fill. A lookup that fails leaves its input as it is: the dots say why.
 */
import type { ConnectorRegistry, LookupItem } from '@koppelwerk/core';
import { runConnectorLookup, type TenantDraft } from '@koppelwerk/runtime';
import { WIZARD_SIDES } from './wizard-input';

export interface LinkChoice {
  items: LookupItem[];
  /** Several may be ticked (a list setting), or one is chosen. */
  many: boolean;
}

/** By input name: `source.settings.bookedStatuses`, `ledgers.debtors`, `ledgers.sales`. */
export type LinkChoices = Record<string, LinkChoice>;

/** The mapping settings the link's form shows, by the tenant-file path a lookup feeds. */
const MAPPING_INPUTS: Record<string, string> = {
  'mapping.ledgers.debtors': 'ledgers.debtors',
  'mapping.ledgers.sales.default': 'ledgers.sales',
};

export const LOOKUP_TIMEOUT_MS = 10_000;

export async function linkChoices(registry: ConnectorRegistry, draft: TenantDraft, env?: NodeJS.ProcessEnv): Promise<LinkChoices> {
  const choices: LinkChoices = {};
  await Promise.all(
    WIZARD_SIDES.flatMap((side) => {
      let declared;
      try {
        declared = registry.find(draft[side].connector, side).manifest.lookups ?? [];
      } catch {
        return [];
      }
      return declared.map(async (lookup) => {
        let items: LookupItem[];
        try {
          items = await runConnectorLookup(registry, { connector: draft[side].connector, lookup: lookup.name, settings: draft[side].settings, endpoint: draft[side].endpoint, side, timeoutMs: LOOKUP_TIMEOUT_MS, env });
        } catch {
          return;
        }
        for (const feed of lookup.feeds) {
          const input = feed.startsWith(`${side}.settings.`) ? feed : MAPPING_INPUTS[feed];
          if (input) choices[input] = { items, many: lookup.choice === 'many' };
        }
      });
    }),
  );
  return choices;
}

/** The choices of one side's settings, by the field's path inside its settings. */
export function settingsChoices(choices: LinkChoices | undefined, side: string): Record<string, LinkChoice> {
  const prefix = `${side}.settings.`;
  return Object.fromEntries(Object.entries(choices ?? {}).filter(([name]) => name.startsWith(prefix)).map(([name, choice]) => [name.slice(prefix.length), choice]));
}

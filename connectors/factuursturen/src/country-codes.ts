/**
 * FactuurSturen gives a relation's country as a numeric id (`"146"`); `/countrylist` names each id
 * (`{id: "146", name: "Nederland"}`) but gives no ISO code. The ISO code is found by the name, in
 * Dutch or English, through the runtime's own country names, plus the names FactuurSturen is
 * known to spell differently.
 */
import type { RawCountry } from './raw-invoice';

const ALIASES: Record<string, string> = {
  'verenigde staten van amerika': 'US',
  'united states of america': 'US',
  'groot-brittannie': 'GB',
  engeland: 'GB',
  'great britain': 'GB',
  'tsjechische republiek': 'CZ',
  'czech republic': 'CZ',
};

let byName: Map<string, string> | undefined;

function normalize(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function namesToCodes(): Map<string, string> {
  if (byName) return byName;
  const names = new Map<string, string>(Object.entries(ALIASES));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const locale of ['en', 'nl']) {
    const display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        let name: string | undefined;
        try {
          name = display.of(code);
        } catch {
          name = undefined;
        }
        if (name) names.set(normalize(name), code);
      }
    }
  }
  byName = names;
  return names;
}

/** Country id → ISO 3166 alpha-2 code, from the account's `/countrylist`. */
export class CountryCodes {
  private readonly codes = new Map<string, string | null>();

  constructor(list: RawCountry[]) {
    const names = namesToCodes();
    for (const country of list) {
      if (country?.id === undefined || country.id === null) continue;
      const name = typeof country.name === 'string' ? normalize(country.name) : '';
      this.codes.set(String(country.id).trim(), names.get(name) ?? null);
    }
  }

  /** The ISO code; `null` when the id is known but its name is not; `undefined` when the id is unknown. */
  codeOf(id: string): string | null | undefined {
    return this.codes.get(id.trim());
  }
}

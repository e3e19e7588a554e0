/**
 * FactuurSturen gives a relation's country as a numeric id (`"146"`); `/countrylist` names each id
 * (`{id: "146", name: "Nederland"}`) but gives no ISO code. The ISO 3166-1 alpha-2 code is found by
 * that name:
 *   1. FactuurSturen's own Dutch spellings (its whole country list, below), then
 *   2. the runtime's country names in Dutch and English, limited to codes ISO 3166-1 assigns.
 * The limit matters: the runtime also names reserved and withdrawn codes (`FX` "Frankrijk", `UK`,
 * `DD`, `SU`, `YU`, `EU`...), and such a code is no country the bookkeeping or the VAT rules know.
 * A name neither step knows has no code; the mapper refuses such a relation instead of guessing.
 */
import type { RawCountry } from './raw-invoice';

/** Every code ISO 3166-1 alpha-2 officially assigns (249). */
const ISO_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** The 27 member states of the European Union (ISO codes; Greece is `GR`, not the VAT prefix `EL`). */
const EU_MEMBER_STATES = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

/** Is this ISO code an EU member state? Overseas territories have codes of their own and are not. */
export function isEuMember(code: string): boolean {
  return EU_MEMBER_STATES.has(code.toUpperCase());
}

/** Is this an ISO 3166-1 alpha-2 code that is assigned to a country or territory? */
export function isIsoCountryCode(code: string): boolean {
  return ISO_CODES.has(code);
}

/**
 * FactuurSturen's country list, name → ISO code. Where its name is ambiguous or outdated:
 * "Congo" (listed twice, without telling which is which) is ISO's "Congo" (`CG`); "Joegoslavië"
 * is Serbia (`RS`), its successor under ISO 3166-3; "Nederlandse Antillen" is Curaçao (`CW`), the
 * seat of its former government. All three lie outside the EU, which is what the VAT rules need.
 */
const FACTUURSTUREN_NAMES: Record<string, string> = {
  afghanistan: 'AF', albanie: 'AL', algerije: 'DZ', 'amerikaanse overzeese eilanden': 'UM', andorra: 'AD', angola: 'AO',
  anguilla: 'AI', antartica: 'AQ', antarctica: 'AQ', antigua: 'AG', argentinie: 'AR', armenie: 'AM', aruba: 'AW',
  australie: 'AU', azerbeidzjan: 'AZ', bahrein: 'BH', bangladesh: 'BD', barbados: 'BB', belgie: 'BE', belize: 'BZ',
  benin: 'BJ', bermuda: 'BM', bhutan: 'BT', bolivia: 'BO', 'bosnie-herzegovina': 'BA', botswana: 'BW', bouvet: 'BV',
  brazilie: 'BR', brunei: 'BN', bulgarije: 'BG', 'burkina faso': 'BF', burundi: 'BI', cambodja: 'KH', canada: 'CA',
  'centraal-afrikaanse republiek': 'CF', chili: 'CL', china: 'CN', colombia: 'CO', comoren: 'KM', congo: 'CG',
  cookeiland: 'CK', cookeilanden: 'CK', 'costa rica': 'CR', cuba: 'CU', cyprus: 'CY', denemarken: 'DK', djibouti: 'DJ',
  dominica: 'DM', 'dominicaanse republiek': 'DO', duitsland: 'DE', ecuador: 'EC', egypte: 'EG', 'el salvador': 'SV',
  'equatoriaal guinee': 'GQ', 'equatoriaal-guinea': 'GQ', eritrea: 'ER', estland: 'EE', ethiopie: 'ET', faeroer: 'FO',
  falklandeilanden: 'FK', fiji: 'FJ', filipijnen: 'PH', finland: 'FI', frankrijk: 'FR', 'frans-guyana': 'GF',
  'frans-polynesie': 'PF', gabon: 'GA', gambia: 'GM', georgie: 'GE', ghana: 'GH', gibraltar: 'GI', grenada: 'GD',
  griekenland: 'GR', groenland: 'GL', guadeloupe: 'GP', guatemala: 'GT', 'guinee-bissau': 'GW', guinee: 'GN',
  guyana: 'GY', haiti: 'HT', honduras: 'HN', hongarije: 'HU', hongkong: 'HK', ierland: 'IE', ijsland: 'IS', india: 'IN',
  indonesie: 'ID', irak: 'IQ', iran: 'IR', israel: 'IL', italie: 'IT', ivoorkust: 'CI', jamaica: 'JM', japan: 'JP',
  jemen: 'YE', joegoslavie: 'RS', jordanie: 'JO', kaapverdie: 'CV', kameroen: 'CM', kazachstan: 'KZ', kenia: 'KE',
  kirgizie: 'KG', kiribati: 'KI', koeweit: 'KW', kroatie: 'HR', laos: 'LA', lesotho: 'LS', letland: 'LV', libanon: 'LB',
  liberia: 'LR', libie: 'LY', liechtenstein: 'LI', litouwen: 'LT', luxemburg: 'LU', 'maagdeneilanden (uk)': 'VG',
  'maagdeneilanden (vs)': 'VI', macau: 'MO', macedonie: 'MK', 'noord-macedonie': 'MK', madagaskar: 'MG', malawi: 'MW',
  malediven: 'MV', maleisie: 'MY', mali: 'ML', malta: 'MT', marokko: 'MA', marshalleilanden: 'MH', martinique: 'MQ',
  mauretanie: 'MR', mauritius: 'MU', mayotte: 'YT', mexico: 'MX', micronesie: 'FM', moldavie: 'MD', monaco: 'MC',
  mongolie: 'MN', monsterrat: 'MS', montserrat: 'MS', mozambique: 'MZ', myanmar: 'MM', namibie: 'NA', nauru: 'NR',
  nederland: 'NL', 'nederlandse antillen': 'CW', nepal: 'NP', nicaragua: 'NI', 'nieuw-caledonie': 'NC',
  'nieuw-zeeland': 'NZ', niger: 'NE', nigeria: 'NG', niue: 'NU', 'noord-korea': 'KP', 'noordelijke mariana-eilanden': 'MP',
  noorwegen: 'NO', norkfolkeiland: 'NF', norfolkeiland: 'NF', oekraine: 'UA', oezbekistan: 'UZ', oman: 'OM',
  oostenrijk: 'AT', pakistan: 'PK', panama: 'PA', 'papoea nieuw-guinea': 'PG', 'papoea-nieuw-guinea': 'PG',
  paraguay: 'PY', peru: 'PE', polen: 'PL', portugal: 'PT', 'puerto rico': 'PR', qatar: 'QA', reunion: 'RE',
  roemenie: 'RO', rusland: 'RU', rwanda: 'RW', samoa: 'WS', 'san marino': 'SM', 'sao tome en principe': 'ST',
  'saudi-arabie': 'SA', senegal: 'SN', seychellen: 'SC', 'sierra leone': 'SL', singapore: 'SG', slovenie: 'SI',
  slowakije: 'SK', solomoneilanden: 'SB', salomonseilanden: 'SB', somalie: 'SO', spanje: 'ES', 'sri lanka': 'LK',
  'st. helena': 'SH', 'st. kitts': 'KN', 'st. lucia': 'LC', 'st. pierre': 'PM', 'st. vincent': 'VC', sudan: 'SD',
  suriname: 'SR', swaziland: 'SZ', eswatini: 'SZ', syrie: 'SY', tadzjikistan: 'TJ', taiwan: 'TW', tanzania: 'TZ',
  thailand: 'TH', togo: 'TG', tonga: 'TO', 'trinidad en tobago': 'TT', tsjaad: 'TD', tsjechie: 'CZ',
  'tsjechische republiek': 'CZ', tunesie: 'TN', turkije: 'TR', turkmenistan: 'TM', tuvalu: 'TV', uganda: 'UG',
  uruguay: 'UY', vaticaanstad: 'VA', venezuela: 'VE', 'verenigd koninkrijk': 'GB', 'groot-brittannie': 'GB',
  engeland: 'GB', 'verenigde arabische emiraten': 'AE', 'verenigde staten': 'US', 'verenigde staten van amerika': 'US',
  vietnam: 'VN', 'west-sahara': 'EH', 'wit-rusland': 'BY', zambia: 'ZM', zimbabwe: 'ZW', 'zuid-afrika': 'ZA',
  'zuid-korea': 'KR', zweden: 'SE', zwitserland: 'CH', "de bahama's": 'BS', "bahama's": 'BS', curacao: 'CW',
  'sint maarten': 'SX', servie: 'RS', montenegro: 'ME', jersey: 'JE', guernsey: 'GG',
  // English spellings the runtime names differently
  'united states of america': 'US', 'great britain': 'GB', 'czech republic': 'CZ',
};

let byName: Map<string, string> | undefined;

function normalize(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function namesToCodes(): Map<string, string> {
  if (byName) return byName;
  const names = new Map<string, string>();
  for (const locale of ['en', 'nl']) {
    let display: Intl.DisplayNames;
    try {
      display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const code of ISO_CODES) {
      const name = display.of(code);
      if (name) names.set(normalize(name), code);
    }
  }
  // FactuurSturen's own spellings win over the runtime's names.
  for (const [name, code] of Object.entries(FACTUURSTUREN_NAMES)) names.set(name, code);
  byName = names;
  return names;
}

/** The ISO code for a country name (Dutch or English), or undefined when it is not known. */
export function countryCodeOfName(name: string): string | undefined {
  return namesToCodes().get(normalize(name));
}

/** Country id → ISO 3166-1 alpha-2 code, from the account's `/countrylist`. */
export class CountryCodes {
  private readonly codes = new Map<string, { name: string; code: string | null }>();

  constructor(list: RawCountry[]) {
    for (const country of list) {
      if (country?.id === undefined || country.id === null) continue;
      const name = typeof country.name === 'string' ? country.name.trim() : '';
      this.codes.set(String(country.id).trim(), { name, code: (name && countryCodeOfName(name)) || null });
    }
  }

  /** The ISO code; `null` when the id is listed but its name is not known; `undefined` when the id is not listed. */
  codeOf(id: string): string | null | undefined {
    return this.codes.get(id.trim())?.code;
  }

  /** The name `/countrylist` gives the id, for error messages. */
  nameOf(id: string): string | undefined {
    return this.codes.get(id.trim())?.name || undefined;
  }
}

/**
 * The whole FactuurSturen country table against ISO 3166-1 and the EU's member states: every id an
 * account lists must become the ISO code of the country its name means, and land on the right side
 * of the EU border for the 0% VAT treatment. The reference data is written out independently of the
 * table under test (see __fixtures__/country-reference.ts).
 */
import { FACTUURSTUREN_COUNTRIES, ISO_3166_1 } from './__fixtures__/country-reference';
import { mapRelation, zeroRateTreatment } from './mappers/client-relation';
import { recordFailer } from './mappers/invoice-mapper';
import { CountryCodes, isEuMember } from './country-codes';
import { DEMO_COUNTRIES } from './simulator/generate-invoices';

/** The 27 member states of the European Union since 2020-02-01. */
const EU_27 = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

const isoName = new Map(ISO_3166_1.map(([code, name]) => [code, name]));
const eu = new Set(EU_27);
const table = new CountryCodes(FACTUURSTUREN_COUNTRIES.map(([id, name]) => ({ id, name })));

describe('the reference data itself', () => {
  it('has 249 distinct ISO codes, 27 EU member states among them, and each FactuurSturen country once by id', () => {
    expect(isoName.size).toBe(249);
    expect(eu.size).toBe(27);
    for (const code of eu) expect(isoName.has(code)).toBe(true);
    expect(new Set(FACTUURSTUREN_COUNTRIES.map(([id]) => id)).size).toBe(FACTUURSTUREN_COUNTRIES.length);
  });
});

describe('every FactuurSturen country id', () => {
  it.each(FACTUURSTUREN_COUNTRIES)('%s %s is the ISO code of %s, on the right side of the EU border', (id, _name, expectedName) => {
    const code = table.codeOf(id);
    expect(typeof code).toBe('string');
    expect(isoName.has(code!)).toBe(true);
    expect(isoName.get(code!)).toBe(expectedName);
    expect(isEuMember(code!)).toBe(eu.has(code!));
    // What the EU border decides: a 0% line with the VAT shifted to the customer.
    const expected = code === 'NL' ? 'reverse-charge' : eu.has(code!) ? 'intra-eu' : 'export';
    expect(zeroRateTreatment(true, code!)).toBe(expected);
    expect(zeroRateTreatment(false, code!)).toBe(eu.has(code!) ? 'exempt' : 'export');
  });

  it('covers every EU member state, so no EU customer can fall outside', () => {
    const listed = new Set(FACTUURSTUREN_COUNTRIES.map(([id]) => table.codeOf(id)));
    expect(EU_27.filter((code) => !listed.has(code))).toEqual([]);
  });
});

describe('France and the other names the runtime also gives to codes that are no country', () => {
  it('makes "Frankrijk" FR and an EU member whatever id the account gives it (not FX, "Metropolitan France")', () => {
    const demo = new CountryCodes(DEMO_COUNTRIES);
    const id = DEMO_COUNTRIES.find((country) => country.name === 'Frankrijk')!.id!;
    expect(demo.codeOf(id)).toBe('FR');
    expect(zeroRateTreatment(true, demo.codeOf(id)!)).toBe('intra-eu');
    expect(zeroRateTreatment(false, demo.codeOf(id)!)).toBe('exempt');
  });

  it.each([
    ['France', 'FR'],
    ['Germany', 'DE'],
    ['United Kingdom', 'GB'],
    ['Russia', 'RU'],
    ['Serbia', 'RS'],
    ['Benin', 'BJ'],
    ['Burkina Faso', 'BF'],
    ['Zimbabwe', 'ZW'],
    ['Vietnam', 'VN'],
    ['Myanmar (Burma)', 'MM'],
  ])('reads the English name %s from a /countrylist in English as %s', (name, code) => {
    expect(new CountryCodes([{ id: '1', name }]).codeOf('1')).toBe(code);
  });
});

describe('an id the table cannot place', () => {
  it('knows an id that is listed under an unknown name (null) from one that is not listed at all (undefined)', () => {
    const codes = new CountryCodes([{ id: '300', name: 'Atlantis' }]);
    expect(codes.codeOf('300')).toBeNull();
    expect(codes.nameOf('300')).toBe('Atlantis');
    expect(codes.codeOf('301')).toBeUndefined();
  });

  it('refuses a client in such a country instead of booking it as if it were Dutch', () => {
    const codes = new CountryCodes([{ id: '300', name: 'Atlantis' }]);
    const fail = recordFailer('FS_BAD_INVOICE', '7');
    const client = { role: 'debtor' as const, number: '7', record: { company: 'Poseidon BV', country: '300' }, path: 'client.' };
    expect(() => mapRelation(client, codes, fail)).toThrow('invoice 7: client.country is "300", which /countrylist names "Atlantis", a country without a known ISO code');
  });
});

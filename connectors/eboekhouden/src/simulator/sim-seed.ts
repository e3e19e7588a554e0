/**
 * A seed file: raw records keyed by the API's resource names. Everything is optional; without a
 * seed the simulator has a demo user, one administration with a standard chart and demo articles.
 */
import { EBOEKHOUDEN_DEMO_CREDENTIALS } from '../eboekhouden-config';
import type { AdministrationSeed } from './sim-administration';
import type { SimUserSeed } from './sim-accounts';
import type { ApiTokenSeed } from './rest-state';

type Raw = Record<string, unknown>;

export interface EboekhoudenSeed {
  /** Logins: `{ Username, SecurityCode1, SecurityCode2 }`; the first is the demo login. */
  users?: SimUserSeed[];
  /** Extra administrations (cAdministratie) for OpenSessionSub; each starts with the standard chart. */
  administraties?: Raw[];
  grootboekrekeningen?: Raw[];
  relaties?: Raw[];
  artikelen?: Raw[];
  kostenplaatsen?: Raw[];
  mutaties?: Raw[];
  /** REST API tokens: `{ accessToken, administratie?: <Guid>, expiresOn?: 'YYYY-MM-DD' }`; the first is the demo token. */
  apiTokens?: ApiTokenSeed[];
  /** Invoice templates of the main administration as `GET /v1/invoicetemplate` lists them: `{ id, name, active, type }`. */
  invoicetemplates?: Raw[];
}

export const DEMO_USER: SimUserSeed = {
  Username: EBOEKHOUDEN_DEMO_CREDENTIALS.username,
  SecurityCode1: EBOEKHOUDEN_DEMO_CREDENTIALS.securityCode1,
  SecurityCode2: EBOEKHOUDEN_DEMO_CREDENTIALS.securityCode2,
};

/** The demo REST API token of the main administration (a credential like the security codes). */
export const DEMO_API_TOKEN: ApiTokenSeed = { accessToken: '9b3e6f0a2c4d4e8f9a1b2c3d4e5f60718293a4b5c6d7e8f9' };

export const MAIN_ADMINISTRATION = { Bedrijf: 'Demo Installatietechniek B.V.', Plaats: 'Utrecht', Guid: '7D1A2B3C-4D5E-4F60-8172-8394A5B6C7D8', StartBoekjaar: '2020' };

export function mainAdministrationSeed(seed: EboekhoudenSeed): AdministrationSeed {
  return {
    ...MAIN_ADMINISTRATION,
    grootboekrekeningen: seed.grootboekrekeningen,
    relaties: seed.relaties,
    artikelen: seed.artikelen,
    kostenplaatsen: seed.kostenplaatsen,
    mutaties: seed.mutaties,
  };
}

export function extraAdministrationSeeds(seed: EboekhoudenSeed): AdministrationSeed[] {
  return (seed.administraties ?? []).map((raw) => ({
    Bedrijf: String(raw.Bedrijf ?? 'Administratie'),
    Plaats: raw.Plaats === undefined ? undefined : String(raw.Plaats),
    Guid: String(raw.Guid),
    StartBoekjaar: raw.StartBoekjaar === undefined ? undefined : String(raw.StartBoekjaar),
    artikelen: [],
  }));
}

/**
 * The simulated service behind the SOAP layer: one method per operation, taking the parsed request
 * and returning the result payload (without ErrorMsg), or throwing a SimError for an in-band error.
 */
import { randomUUID } from 'node:crypto';
import { text } from '../wire-format';
import { SimAccounts, type EboekhoudenCredentials } from './sim-accounts';
import { SimAdministration, type SimAdministrationState } from './sim-administration';
import { ledgerBalance, openItems } from './sim-balances';
import { simErrors } from './sim-errors';
import { RestState } from './rest-state';
import { extraAdministrationSeeds, mainAdministrationSeed, DEMO_API_TOKEN, DEMO_USER, type EboekhoudenSeed } from './sim-seed';

type Raw = Record<string, unknown>;
export type OperationHandler = (args: Raw) => Raw | undefined;

/** What `/_sim/state` returns. */
export interface EboekhoudenSimState {
  administraties: SimAdministrationState[];
  openSessions: number;
  calls: Record<string, number>;
}

export class SimBackend {
  readonly accounts: SimAccounts;
  readonly administrations: SimAdministration[];
  readonly calls: Record<string, number> = {};
  /** Sources that opened sessions, to check clients identify themselves. */
  readonly sources = new Set<string>();
  /** The REST API's tokens, sessions and REST-only details, on the same administrations. */
  readonly rest: RestState;

  constructor(seed: EboekhoudenSeed, idleMs: number, now: () => number = Date.now, restSessionSeconds = 3600) {
    this.accounts = new SimAccounts(seed.users?.length ? seed.users : [DEMO_USER], idleMs, now);
    this.administrations = [new SimAdministration(mainAdministrationSeed(seed)), ...extraAdministrationSeeds(seed).map((s) => new SimAdministration(s))];
    this.rest = new RestState(seed.apiTokens?.length ? seed.apiTokens : [DEMO_API_TOKEN], this.administrations, seed.invoicetemplates, restSessionSeconds, now);
  }

  get main(): SimAdministration {
    return this.administrations[0];
  }

  credentials(): EboekhoudenCredentials {
    return this.accounts.credentials();
  }

  state(): EboekhoudenSimState {
    return { administraties: this.administrations.map((a) => a.state()), openSessions: this.accounts.sessionCount, calls: { ...this.calls } };
  }

  private session(args: Raw): SimAdministration {
    return this.accounts.use(text(args.SessionID), text(args.SecurityCode2));
  }

  private login(args: Raw) {
    const user = this.accounts.login(text(args.Username), text(args.SecurityCode1), text(args.SecurityCode2));
    this.sources.add(text(args.Source));
    return user;
  }

  readonly operations: Record<string, OperationHandler> = {
    OpenSession: (args) => ({ SessionID: this.accounts.open(this.login(args), this.main) }),
    OpenSessionSub: (args) => {
      const user = this.login(args);
      const guid = text(args.AdministratieGUID).replace(/[{}]/g, '').toLowerCase();
      const administration = this.administrations.find((a) => a.guid.toLowerCase() === guid);
      if (!administration) throw simErrors.administrationUnknown();
      return { SessionID: this.accounts.open(user, administration) };
    },
    CloseSession: (args) => {
      this.accounts.close(text(args.SessionID));
      return undefined;
    },
    AutoLogin: (args) => {
      this.session(args);
      if (this.accounts.owner(text(args.SessionID)) !== text(args.Username)) throw simErrors.loginFailed();
      return { Token: randomUUID().replace(/-/g, '') };
    },
    GetAdministraties: (args) => {
      this.session(args);
      return { Administraties: { cAdministratie: this.administrations.map((a) => a.describe()) } };
    },
    AddMutatie: (args) => ({ Mutatienummer: this.session(args).addMutation((args.oMut ?? {}) as Raw) }),
    GetMutaties: (args) => ({ Mutaties: { cMutatieList: this.session(args).getMutations((args.cFilter ?? {}) as Raw) } }),
    AddFactuur: (args) => ({ Factuurnummer: this.session(args).addInvoice((args.oFact ?? {}) as Raw) }),
    GetFacturen: (args) => ({ Facturen: { cFactuurList: this.session(args).getInvoices((args.cFilter ?? {}) as Raw) } }),
    AddRelatie: (args) => ({ Rel_ID: this.session(args).addRelation((args.oRel ?? {}) as Raw) }),
    UpdateRelatie: (args) => {
      this.session(args).updateRelation((args.oRel ?? {}) as Raw);
      return {};
    },
    GetRelaties: (args) => ({ Relaties: { cRelatie: this.session(args).getRelations((args.cFilter ?? {}) as Raw) } }),
    AddGrootboekrekening: (args) => ({ Gb_ID: this.session(args).addLedger((args.oGb ?? {}) as Raw) }),
    UpdateGrootboekrekening: (args) => {
      this.session(args).updateLedger((args.oGb ?? {}) as Raw);
      return {};
    },
    GetGrootboekrekeningen: (args) => ({ Rekeningen: { cGrootboekrekening: this.session(args).getLedgers((args.cFilter ?? {}) as Raw) } }),
    GetOpenPosten: (args) => ({ Openposten: { cOpenPost: openItems(this.session(args), text(args.OpSoort)) } }),
    GetSaldo: (args) => {
      const filter = (args.cFilter ?? {}) as Raw;
      const administration = this.session(args);
      if (!administration.ledger(text(filter.GbCode))) throw simErrors.ledgerUnknown(text(filter.GbCode));
      return { Saldo: ledgerBalance(administration, text(filter.GbCode)).toFixed(2) };
    },
    GetSaldi: (args) => {
      const filter = (args.cFilter ?? {}) as Raw;
      const administration = this.session(args);
      const ledgers = administration.getLedgers({ ID: 0, Categorie: filter.Categorie });
      return {
        Saldi: {
          cSaldo: ledgers.map((l) => ({ ID: l.ID, Code: l.Code, Categorie: l.Categorie, Saldo: ledgerBalance(administration, text(l.Code)).toFixed(2) })),
        },
      };
    },
    GetKostenplaatsen: (args) => ({ Kostenplaatsen: { cKostenplaats: this.session(args).getCostCentres((args.cFilter ?? {}) as Raw) } }),
    GetArtikelen: (args) => ({ Artikelen: { cArtikel: this.session(args).getArticles((args.cFilter ?? {}) as Raw) } }),
  };
}

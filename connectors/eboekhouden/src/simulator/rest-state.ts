/**
 * What the REST API knows beyond the administrations the SOAP side keeps: API tokens and their
 * sessions, invoice templates, a period closed by the accountant, and the REST-only details of
 * records (row descriptions, payment references, invoice template and texts). One instance lives
 * in each SimBackend, so a reset restores it with everything else.
 *
 * Sessions: `POST /v1/session` turns an API token into a session token valid for `sessionSeconds`
 * (the spec gives the lifetime only as `expiresIn`; no fixed number is documented, 3600 by default
 * here). A session token is sent as the `Authorization` header, bare as the spec's quick start
 * shows; `Bearer <token>` is accepted too, since clients in the wild send it.
 */
import { randomBytes } from 'node:crypto';
import { forbidden, invalid, unauthenticated } from './rest-errors';
import type { SimAdministration } from './sim-administration';

type Raw = Record<string, unknown>;

/** An API token as seeded: `{ accessToken, administratie?: <Guid>, expiresOn?: 'YYYY-MM-DD' }` (the token's optional end date). */
export interface ApiTokenSeed {
  accessToken: string;
  administratie?: string;
  expiresOn?: string;
}

interface ApiToken {
  accessToken: string;
  administration: SimAdministration;
  expiresOn: string | null;
  revoked: boolean;
}

interface RestSession {
  token: ApiToken;
  expiresAt: number;
}

/** REST-only details of one administration. */
export interface RestAdministrationExtras {
  templates: Raw[];
  /** Set by the accountant: bookings dated up to this day are refused with SECURITY_007. */
  accountantClosedUntil: string | null;
  paymentReferences: Set<string>;
  /** Row descriptions of mutations posted over REST, by mutation number. */
  rowDescriptions: Map<number, string[]>;
  /** Template, reference, text, inExVat of invoices posted over REST, by invoice number. */
  invoices: Map<string, Raw>;
}

export const DEFAULT_INVOICE_TEMPLATES: Raw[] = [
  { id: 1, name: 'Standaard', active: true, type: 'E' },
  { id: 2, name: 'Werkbon', active: true, type: 'E' },
  { id: 3, name: 'Oud sjabloon', active: false, type: 'A' },
];

export class RestState {
  private tokens: ApiToken[];
  private readonly sessions = new Map<string, RestSession>();
  private readonly extras = new Map<SimAdministration, RestAdministrationExtras>();
  /** Sources sessions were opened with. */
  readonly sources = new Set<string>();

  constructor(
    seeds: ApiTokenSeed[],
    private readonly administrations: SimAdministration[],
    templates: Raw[] | undefined,
    public sessionSeconds: number,
    private readonly now: () => number,
  ) {
    this.tokens = seeds.map((seed) => {
      const administration = seed.administratie ? administrations.find((a) => a.guid.toLowerCase() === seed.administratie!.toLowerCase()) : administrations[0];
      if (!administration) throw new Error(`seeded API token names administration ${seed.administratie}, which the seed does not have`);
      return { accessToken: seed.accessToken, administration, expiresOn: seed.expiresOn ?? null, revoked: false };
    });
    for (const administration of administrations) {
      this.extras.set(administration, {
        templates: structuredClone(administration === administrations[0] && templates?.length ? templates : DEFAULT_INVOICE_TEMPLATES),
        accountantClosedUntil: null,
        paymentReferences: new Set(),
        rowDescriptions: new Map(),
        invoices: new Map(),
      });
    }
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The first token (the demo login): `{ accessToken }`. */
  credentials(): { accessToken: string } {
    return { accessToken: this.tokens[0]?.accessToken ?? '' };
  }

  extrasOf(administration: SimAdministration): RestAdministrationExtras {
    return this.extras.get(administration)!;
  }

  /** POST /v1/session, after the body was checked against SessionRequest. */
  open(accessToken: string, source: string): { token: string; expiresIn: number } {
    const token = this.tokens.find((t) => t.accessToken === accessToken);
    // An unknown or revoked token: the spec documents 403 (SecurityError) for this operation without
    // naming the code; SECURITY_999 ("went wrong during authentication") is the closest it lists.
    if (!token || token.revoked) throw forbidden('SECURITY_999');
    if (token.expiresOn && this.today() > token.expiresOn) throw invalid('API_SESSION_004', 'accessToken');
    this.sources.add(source);
    const session = randomBytes(32).toString('base64url');
    this.sessions.set(session, { token, expiresAt: this.now() + this.sessionSeconds * 1000 });
    return { token: session, expiresIn: this.sessionSeconds };
  }

  /** The administration of a request's session; 401 when the header is missing, unknown or expired. */
  use(authorization: string | undefined): SimAdministration {
    const session = this.sessions.get(sessionToken(authorization));
    if (!session || session.token.revoked) throw unauthenticated();
    if (this.now() >= session.expiresAt) {
      this.sessions.delete(sessionToken(authorization));
      throw unauthenticated();
    }
    return session.token.administration;
  }

  /** DELETE /v1/session. */
  close(authorization: string | undefined): void {
    this.use(authorization);
    this.sessions.delete(sessionToken(authorization));
  }

  expireAll(): void {
    this.sessions.clear();
  }

  /** The token stops working (revoked in the web app); its sessions end. Default: the first token. */
  revoke(accessToken?: string): void {
    const token = this.token(accessToken);
    token.revoked = true;
    this.endSessionsOf(token);
  }

  /** A new token replaces the old one (the old one is refused, its sessions end); returns the new one. */
  rotate(accessToken?: string): string {
    const token = this.token(accessToken);
    token.accessToken = randomBytes(32).toString('hex');
    token.revoked = false;
    this.endSessionsOf(token);
    return token.accessToken;
  }

  administrationsFor(administration: SimAdministration): SimAdministration[] {
    return [administration, ...this.administrations.filter((a) => a !== administration)];
  }

  private endSessionsOf(token: ApiToken): void {
    for (const [id, session] of this.sessions) if (session.token === token) this.sessions.delete(id);
  }

  private token(accessToken?: string): ApiToken {
    const token = accessToken ? this.tokens.find((t) => t.accessToken === accessToken) : this.tokens[0];
    if (!token) throw new Error('no such simulated API token');
    return token;
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }
}

function sessionToken(authorization: string | undefined): string {
  return (authorization ?? '').replace(/^bearer\s+/i, '').trim();
}

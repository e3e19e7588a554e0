/**
 * What every route of the dashboard shares: who is asking, which tenants they may see, calling
 * the directory (its failures become a clear page, an unknown tenant a 404), and rendering a page
 * in the asker's language.
 */
import { describeError } from '@koppelwerk/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { maySee, type DashboardUser } from './dashboard-users';
import type { SafeHtml } from './html';
import { messagesFor, type Language, type Messages } from './messages/language';
import { UnknownTenantError, type TenantDirectory, type TenantOverview } from '@koppelwerk/runtime';
import { page } from './views/layout';
import { tenantFrame, type Flash, type Tab } from './views/tenant-frame';
import { failedResult } from './tenant-directory-views';

declare module 'fastify' {
  interface Session {
    /** The logged-in user's name. */
    user?: string;
    /** The result of the last action, shown once. */
    flash?: Flash;
  }
  interface FastifyRequest {
    dashboardUser: DashboardUser | null;
    language: Language;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (the login page, static files). */
    public?: boolean;
  }
}

export class NotFoundError extends Error {
  readonly statusCode = 404;

  constructor() {
    super('not found');
    this.name = 'NotFoundError';
  }
}

/** The directory could not do what was asked (its store is down, a file does not load): a 503 with the reason. */
export class DirectoryFailure extends Error {
  readonly statusCode = 503;

  /** `cause`: the error, whose code and params word it in the page's language. */
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'DirectoryFailure';
  }
}

/** The directory's way of saying "no such document" (the CLI's UsageError): shown to the user as is. */
export function isUsageError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'UsageError';
}

export class DashboardContext {
  constructor(readonly directory: TenantDirectory) {}

  /** Runs a directory call; an unknown tenant is a 404, anything else that fails is a DirectoryFailure. */
  async call<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof UnknownTenantError) throw new NotFoundError();
      if (isUsageError(error)) throw error;
      throw new DirectoryFailure(describeError(error), error);
    }
  }

  /**
   * The overview rows of these tenants. When the directory cannot give them all at once, each is
   * asked alone, and a tenant that still fails shows its reason in its row instead of taking the
   * whole overview down; only when every one fails is it a DirectoryFailure.
   */
  async overviews(tenants: readonly string[]): Promise<TenantOverview[]> {
    if (tenants.length === 0) return [];
    try {
      return await this.call(() => this.directory.overview(tenants));
    } catch (error) {
      if (!(error instanceof DirectoryFailure) || tenants.length === 1) throw error;
      let failures = 0;
      const rows = await Promise.all(
        tenants.map(async (tenant): Promise<TenantOverview | undefined> => {
          try {
            return (await this.call(() => this.directory.overview([tenant])))[0];
          } catch (single) {
            if (single instanceof NotFoundError) return undefined; // removed in the meantime
            if (!(single instanceof DirectoryFailure)) throw single;
            failures++;
            return failedRow(tenant, single);
          }
        }),
      );
      if (failures === tenants.length) throw error;
      return rows.filter((row): row is TenantOverview => row !== undefined);
    }
  }

  /** A tenant's page: the frame (dots, runs, actions, tabs, the last action's result) around one tab. */
  async tenantPage(request: FastifyRequest, reply: FastifyReply, tab: Tab, load: (tenant: string) => Promise<(csrf: string) => SafeHtml>, status = 200): Promise<FastifyReply> {
    const tenant = await this.tenantFor(request);
    const [content, overviews] = await Promise.all([load(tenant), this.overviews([tenant])]);
    const overview = overviews.find((o) => o.tenant === tenant);
    if (!overview) throw new NotFoundError();
    const flash = request.session.flash;
    if (flash) request.session.flash = undefined;
    const m = messages(request);
    return sendPage(request, reply, `${tenant} · ${m.tabs[tab]}`, (csrf) => tenantFrame(m, overview, { tab, csrf, flash }, content(csrf)), status);
  }

  /** The tenants this user may see, sorted. */
  async visibleTenants(user: DashboardUser): Promise<string[]> {
    const all = await this.call(() => this.directory.tenants());
    return all.filter((tenant) => maySee(user, tenant));
  }

  /** The tenant named in the path, when it exists and the user may see it; a 404 otherwise (the same answer for both). */
  async tenantFor(request: FastifyRequest): Promise<string> {
    const user = signedIn(request);
    const tenant = (request.params as { tenant?: unknown }).tenant;
    if (typeof tenant !== 'string' || !maySee(user, tenant)) throw new NotFoundError();
    const all = await this.call(() => this.directory.tenants());
    if (!all.includes(tenant)) throw new NotFoundError();
    return tenant;
  }
}

/** The row of a tenant whose overview cannot be read: only the reason is known. */
function failedRow(tenant: string, failure: DirectoryFailure): TenantOverview {
  const unknown = (side: 'source' | 'sink') => ({ side, title: '', state: 'grey' as const });
  const said = failedResult(failure.cause ?? failure, (text) => text);
  return {
    tenant,
    dots: { source: unknown('source'), sink: unknown('sink') },
    lastRun: null,
    nextRunAt: null,
    everyMinutes: null,
    openErrors: 0,
    running: null,
    configProblem: failure.reason,
    ...(said.text ? { configProblemText: said.text } : {}),
  };
}

/** The logged-in user (every non-public route has one; the auth hook sees to that). */
export function signedIn(request: FastifyRequest): DashboardUser {
  if (!request.dashboardUser) throw new NotFoundError();
  return request.dashboardUser;
}

export function messages(request: FastifyRequest): Messages {
  return messagesFor(request.language);
}

/** This page's address in the other language. */
export function languageHref(request: FastifyRequest): string {
  const code = messages(request).otherLanguage.code;
  try {
    const url = new URL(request.url, 'http://dashboard.invalid');
    url.searchParams.set('lang', code);
    return `${url.pathname}${url.search}`;
  } catch {
    return `/?lang=${code}`;
  }
}

/** A full page for the logged-in user, with a CSRF token for its forms. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, title: string, body: (csrf: string) => SafeHtml, status = 200): FastifyReply {
  const csrf = reply.generateCsrf();
  const text = page({ m: messages(request), title, userName: request.dashboardUser?.name, operator: request.dashboardUser?.role === 'operator', csrf, languageHref: languageHref(request), body: body(csrf) });
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(text);
}

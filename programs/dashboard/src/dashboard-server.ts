/**
 * The dashboard's web server (fastify): server-rendered pages and a JSON API over one
 * `TenantDirectory`. Safe to expose: nothing without login but the login page and two static files;
 * sessions in HttpOnly, SameSite cookies (Secure behind TLS); CSRF tokens on every POST; logins
 * rate-limited; a CSP that allows only this origin's script and style; a tenant user asking for
 * another tenant gets the same 404 as for one that does not exist; no stack trace ever leaves.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerActionRoutes } from './action-routes';
import { registerApiRoutes } from './api-routes';
import { DEFAULT_LOGIN_LIMITS, registerAuthRoutes, type LoginLimits } from './auth-routes';
import { DashboardContext, DirectoryFailure, languageHref, messages } from './dashboard-context';
import type { StoredUser } from './dashboard-users';
import { isLanguage, type Language } from './messages/language';
import { registerPageRoutes } from './page-routes';
import { registerReconcileRoutes } from './reconcile/reconcile-routes';
import { failedResult } from './tenant-directory-views';
import { DashboardSessionStore, DEFAULT_SESSION_LIMITS, type SessionLimits } from './session-store';
import { loadStaticAssets } from './static-assets';
import { createRegistry, type TenantDirectory } from '@koppelwerk/runtime';
import type { ConnectorRegistry } from '@koppelwerk/core';
import { registerSettingsRoutes } from './settings/settings-routes';
import { registerWizardRoutes } from './wizard/wizard-routes';
import { type InvitationMailer, registerUserRoutes, sessionUser, type UserStore, userStoreOf } from './users/users-entry';
import { problemPage, type Problem } from './views/problem-page';

/** Prometheus metrics to serve at /metrics to operators (a prom-client Registry fits). */
export interface DashboardMetrics {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface DashboardServerOptions {
  directory: TenantDirectory;
  /** The connectors the runner can load, for making links; the runtime's registry (built in, and packages installed here) when not given. */
  registry?: ConnectorRegistry;
  /** Where the secret key is found for secrets typed into the dashboard; default this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Who may log in: a user store (the users file, the service's table), or a list kept in memory. */
  users: readonly StoredUser[] | UserStore;
  /** Sends invitation links by e-mail (the alerts' SMTP settings); without it a link is shown once. */
  invitationMailer?: InvitationMailer;
  /** Mark cookies Secure (the dashboard is reached over HTTPS, directly or behind a proxy). */
  secureCookies: boolean;
  /** Signs the session cookie; random per start when absent (at least 32 characters). */
  sessionSecret?: string;
  /** The language for people who have not chosen one (default Dutch). */
  language?: Language;
  metrics?: DashboardMetrics;
  /** Trust X-Forwarded-* headers (behind a reverse proxy that terminates TLS). */
  trustProxy?: boolean;
  loginLimits?: LoginLimits;
  sessionLimits?: SessionLimits;
  /** Told about every real bug (a 500); the browser only hears that something went wrong. */
  onInternalError?: (error: unknown, request: FastifyRequest) => void;
}

export const SESSION_COOKIE = 'koppelwerk_session';
export const LANGUAGE_COOKIE = 'koppelwerk_lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function cspDirectives(secure: boolean): Record<string, string[]> {
  const directives: Record<string, string[]> = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  };
  if (secure) directives.upgradeInsecureRequests = [];
  return directives;
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api';
}

export async function createDashboardServer(options: DashboardServerOptions): Promise<FastifyInstance> {
  const secret = options.sessionSecret ?? randomBytes(32).toString('base64url');
  if (secret.length < 32) throw new Error('the session secret must be at least 32 characters');
  const users = userStoreOf(options.users);
  const defaultLanguage = options.language ?? 'nl';
  const sessionLimits = options.sessionLimits ?? DEFAULT_SESSION_LIMITS;
  const ctx = new DashboardContext(options.directory);
  const assets = loadStaticAssets();

  const app = Fastify({ logger: false, trustProxy: options.trustProxy ?? false, bodyLimit: 64 * 1024, return503OnClosing: true });
  app.decorateRequest('dashboardUser', null);
  app.decorateRequest('language', 'nl');
  // How long the server took (arrival to reply), for the browser's developer tools and `npm run bench -- dashboard`.
  const receivedAt = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (request) => {
    receivedAt.set(request, performance.now());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const since = receivedAt.get(request);
    if (since !== undefined) reply.header('server-timing', `app;dur=${(performance.now() - since).toFixed(1)}`);
    return payload;
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(options.secureCookies) },
    frameguard: { action: 'deny' },
    hsts: options.secureCookies ? undefined : false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret,
    cookieName: SESSION_COOKIE,
    store: new DashboardSessionStore(sessionLimits),
    saveUninitialized: false,
    rolling: true,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: sessionLimits.idleMs },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request) => {
      const fromBody = (request.body as { _csrf?: unknown } | undefined)?._csrf;
      const fromHeader = request.headers['x-csrf-token'];
      return typeof fromBody === 'string' ? fromBody : typeof fromHeader === 'string' ? fromHeader : '';
    },
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });

  // Who is asking, in which language; everything but the public routes needs a login.
  app.addHook('onRequest', async (request, reply) => {
    const asked = (request.query as { lang?: unknown } | undefined)?.lang;
    if (isLanguage(asked)) {
      request.language = asked;
      reply.setCookie(LANGUAGE_COOKIE, asked, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: ONE_YEAR_SECONDS });
    } else {
      const chosen = request.cookies[LANGUAGE_COOKIE];
      request.language = isLanguage(chosen) ? chosen : defaultLanguage;
    }
    request.dashboardUser = await sessionUser(users, request);
    if (request.routeOptions.config?.public || request.dashboardUser) return;
    if (isApi(request)) return reply.code(401).send({ error: 'log in first' });
    return reply.redirect('/login', 303);
  });

  for (const asset of assets) {
    app.get(asset.path, { config: { public: true } }, async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600').header('etag', asset.etag);
      if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.type(asset.contentType).send(asset.body);
    });
  }

  registerAuthRoutes(app, users, options.loginLimits ?? DEFAULT_LOGIN_LIMITS, options.env);
  registerPageRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  registerReconcileRoutes(app, ctx);
  let registry = options.registry;
  const connectors = () => (registry ??= createRegistry());
  registerApiRoutes(app, ctx, { registry: options.registry });
  registerWizardRoutes(app, ctx, { registry: connectors, env: options.env });
  registerSettingsRoutes(app, ctx, { registry: connectors, env: options.env });
  registerUserRoutes(app, ctx, { store: users, mailer: options.invitationMailer, env: options.env, limits: options.loginLimits ?? DEFAULT_LOGIN_LIMITS });

  if (options.metrics) {
    const metrics = options.metrics;
    app.get('/metrics', async (request, reply) => {
      if (request.dashboardUser?.role !== 'operator') return sendProblem(request, reply, 404);
      return reply.type(metrics.contentType).header('cache-control', 'no-store').send(await metrics.metrics());
    });
  }

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DirectoryFailure) return sendProblem(request, reply, 503, error.reason, error.cause ?? error);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.onInternalError?.(error, request);
    return sendProblem(request, reply, status);
  });

  app.addHook('onClose', async () => {
    await options.directory.close();
  });
  return app;
}

function problemFor(request: FastifyRequest, status: number, detail?: string): Problem {
  const p = messages(request).problem;
  if (status === 404) return { title: p.notFound, text: p.notFoundText };
  if (status === 403) return { title: p.expired, text: p.expiredText };
  if (status === 429) return { title: p.tooMany, text: p.tooManyText };
  if (status === 503) return { title: p.unavailable, text: p.unavailableText, detail };
  if (status >= 500) return { title: p.internal, text: p.internalText };
  return { title: p.badRequest, text: p.badRequestText };
}

/** The answer for anything that went wrong: a page (or JSON under /api/) that says what, in words. */
function sendProblem(request: FastifyRequest, reply: FastifyReply, status: number, detail?: string, cause?: unknown): FastifyReply {
  const problem = problemFor(request, status, detail);
  reply.code(status).header('cache-control', 'no-store');
  if (isApi(request)) return reply.send({ error: problem.title, ...(problem.detail !== undefined ? { detail: problem.detail } : {}) });
  // On a page, the failure in the page's language (the API keeps the English).
  if (cause !== undefined) problem.worded = failedResult(cause, (text) => text).text;
  const user = request.dashboardUser;
  const csrf = user && request.session ? reply.generateCsrf() : undefined;
  return reply
    .type('text/html; charset=utf-8')
    .send(problemPage(messages(request), problem, { languageHref: languageHref(request), userName: user?.name, csrf }));
}

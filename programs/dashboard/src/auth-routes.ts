/**
 * Logging in and out. A login is rate-limited per IP address and per user name; an unknown name
 * costs as much time as a wrong password; the session id is renewed on login (no fixation).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageHref, messages } from './dashboard-context';
import type { DashboardUser } from './dashboard-users';
import { decoyHash, verifyPassword } from './password-hash';
import { parseLoginBody } from './request-input';
import { loginPage, problemPage } from './views/problem-page';

export interface LoginLimits {
  /** Login attempts per IP address in one window. */
  perIp: number;
  /** Login attempts per user name in one window. */
  perUser: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 20, perUser: 10, windowMs: 15 * 60 * 1000 };

export function registerAuthRoutes(app: FastifyInstance, users: ReadonlyMap<string, DashboardUser>, limits: LoginLimits): void {
  const perIp = app.createRateLimit({ max: limits.perIp, timeWindow: limits.windowMs, keyGenerator: (request) => `ip:${request.ip}` });
  const perUser = app.createRateLimit({
    max: limits.perUser,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `user:${parseLoginBody(request.body)?.username.toLowerCase() ?? ''}`,
  });

  const showLogin = (request: FastifyRequest, reply: FastifyReply, status: number, failed: boolean, userName?: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(loginPage(messages(request), { csrf: reply.generateCsrf(), languageHref: languageHref(request), failed, userName }));

  app.get('/login', { config: { public: true } }, async (request, reply) => {
    if (request.dashboardUser) return reply.redirect('/', 303);
    return showLogin(request, reply, 200, false);
  });

  app.post('/login', { config: { public: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    for (const limit of [perIp, perUser]) {
      const state = await limit(request);
      if (!state.isAllowed && state.isExceeded) {
        const m = messages(request);
        return reply
          .code(429)
          .header('retry-after', String(state.ttlInSeconds))
          .type('text/html; charset=utf-8')
          .send(problemPage(m, { title: m.problem.tooMany, text: m.problem.tooManyText }, { languageHref: languageHref(request) }));
      }
    }
    const form = parseLoginBody(request.body);
    const user = form ? users.get(form.username.toLowerCase()) : undefined;
    const ok = form !== undefined && (await verifyPassword(form.password, user?.passwordHash ?? (await decoyHash()))) && user !== undefined;
    if (!ok || !user) return showLogin(request, reply, 401, true, form?.username);
    await request.session.regenerate();
    request.session.user = user.name;
    return reply.redirect('/', 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/login', 303);
  });
}

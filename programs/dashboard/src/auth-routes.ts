/**
 * Logging in and out. A login is rate-limited per IP address and per user name; an unknown name
 * (or a disabled user, or one without a password yet) costs as much time as a wrong password and
 * gets the same answer; the session id is renewed on login (no fixation). A user with a second
 * factor is asked next for the code from their app (`/login/code`, within 5 minutes, rate-limited
 * the same way); only then are they logged in.
 */
import { decryptSecret, loadSecretKeyring } from '@koppelwerk/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageHref, messages } from './dashboard-context';
import { canLogIn } from './dashboard-users';
import { decoyHash, verifyPassword } from './password-hash';
import { parseLoginBody } from './request-input';
import { loginCodePage } from './users/invite-page';
import { typedCode, usedTotpCodes } from './users/totp';
import { signIn } from './users/user-session';
import type { UserStore } from './users/user-store';
import { loginPage, sendTooManyAttempts } from './views/problem-page';

export interface LoginLimits {
  /** Login attempts per IP address in one window. */
  perIp: number;
  /** Login attempts per user name in one window. */
  perUser: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 20, perUser: 10, windowMs: 15 * 60 * 1000 };

/** How long the code may take after the password. */
const CODE_STEP_MS = 5 * 60 * 1000;

export function registerAuthRoutes(app: FastifyInstance, users: UserStore, limits: LoginLimits, env?: NodeJS.ProcessEnv): void {
  const perIp = app.createRateLimit({ max: limits.perIp, timeWindow: limits.windowMs, keyGenerator: (request) => `ip:${request.ip}` });
  const perUser = app.createRateLimit({
    max: limits.perUser,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `user:${parseLoginBody(request.body)?.username.toLowerCase() ?? ''}`,
  });
  const codePerIp = app.createRateLimit({ max: limits.perIp, timeWindow: limits.windowMs, keyGenerator: (request) => `code-ip:${request.ip}` });
  const codePerUser = app.createRateLimit({
    max: limits.perUser,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `code-user:${request.session.pendingLogin?.user.toLowerCase() ?? ''}`,
  });

  const page = (reply: FastifyReply, status: number, text: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(text);

  const showLogin = (request: FastifyRequest, reply: FastifyReply, status: number, failed: boolean, userName?: string) =>
    page(reply, status, loginPage(messages(request), { csrf: reply.generateCsrf(), languageHref: languageHref(request), failed, userName }));

  const showCode = (request: FastifyRequest, reply: FastifyReply, status: number, failed: boolean) =>
    page(reply, status, loginCodePage({ m: messages(request), csrf: reply.generateCsrf(), languageHref: languageHref(request), failed }));

  /** The 429 page when one of the limits is used up; undefined when the attempt may go on. */
  const limited = async (request: FastifyRequest, reply: FastifyReply, checks: ReadonlyArray<typeof perIp>): Promise<FastifyReply | undefined> => {
    for (const limit of checks) {
      const state = await limit(request);
      if (!state.isAllowed && state.isExceeded) return sendTooManyAttempts(reply, messages(request), languageHref(request), state.ttlInSeconds);
    }
    return undefined;
  };

  app.get('/login', { config: { public: true } }, async (request, reply) => {
    if (request.dashboardUser) return reply.redirect('/', 303);
    return showLogin(request, reply, 200, false);
  });

  app.post('/login', { config: { public: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    const stopped = await limited(request, reply, [perIp, perUser]);
    if (stopped) return stopped;
    const form = parseLoginBody(request.body);
    const user = form ? await users.find(form.username) : undefined;
    const ok = form !== undefined && (await verifyPassword(form.password, user?.passwordHash ?? (await decoyHash()))) && canLogIn(user);
    if (!ok || !canLogIn(user)) return showLogin(request, reply, 401, true, form?.username);
    if (user.totpSecret !== undefined) {
      await request.session.regenerate();
      request.session.pendingLogin = { user: user.name, at: Date.now() };
      return showCode(request, reply, 200, false);
    }
    await signIn(request, users, user);
    return reply.redirect('/', 303);
  });

  app.get('/login/code', { config: { public: true } }, async (request, reply) => {
    if (!request.session.pendingLogin) return reply.redirect('/login', 303);
    return showCode(request, reply, 200, false);
  });

  app.post('/login/code', { config: { public: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    const pending = request.session.pendingLogin;
    if (!pending || Date.now() - pending.at >= CODE_STEP_MS) {
      request.session.pendingLogin = undefined;
      return showLogin(request, reply, 401, false);
    }
    const stopped = await limited(request, reply, [codePerIp, codePerUser]);
    if (stopped) return stopped;
    const user = await users.find(pending.user);
    if (!canLogIn(user) || user.totpSecret === undefined) {
      request.session.pendingLogin = undefined;
      return showLogin(request, reply, 401, true);
    }
    const code = typedCode((request.body as { code?: unknown } | undefined)?.code);
    if (code === undefined || !usedTotpCodes.verify(user.name, decryptSecret(user.totpSecret, loadSecretKeyring(env)), code)) return showCode(request, reply, 401, true);
    await signIn(request, users, user);
    return reply.redirect('/', 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/login', 303);
  });
}

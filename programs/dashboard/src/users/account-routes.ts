/**
 * Mijn account (`/account`), for every logged-in user: a new password (the current one first; the
 * user's other sessions end, this one goes on), and the optional second factor. Setting it up makes
 * a secret, keeps it in the session only encrypted, shows it and its otpauth link once, and stores it
 * (encrypted with the machine's key) when a code from the app confirms it; turning it off asks for
 * the password. Wrong passwords and codes here are rate-limited as the login is.
 */
import { decryptSecret, encryptionKey, encryptSecret, loadSecretKeyring } from '@koppelwerk/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageHref, messages, sendPage, signedIn } from '../dashboard-context';
import { hashPassword, verifyPassword } from '../password-hash';
import { problemPage } from '../views/problem-page';
import { accountPage, type AccountPageInput } from './account-page';
import { newPasswordProblem } from './password-rules';
import { newTotpSecret, totpUri, typedCode, usedTotpCodes } from './totp';
import { sessionStamp } from './user-session';
import type { UserRouteOptions } from './users-routes';
import { usersTexts } from './users-texts';

/** How long a started set-up waits for its first code. */
const SETUP_MS = 15 * 60 * 1000;

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export function registerAccountRoutes(app: FastifyInstance, options: Pick<UserRouteOptions, 'store' | 'env' | 'limits'>): void {
  const { store } = options;
  const perUser = app.createRateLimit({
    max: options.limits.perUser,
    timeWindow: options.limits.windowMs,
    keyGenerator: (request) => `account:${request.dashboardUser?.name.toLowerCase() ?? request.ip}`,
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, extra: Omit<AccountPageInput, 'language' | 'csrf' | 'userName' | 'totp'> = {}, status = 200) => {
    const user = signedIn(request);
    const stored = await store.find(user.name);
    const t = usersTexts(request.language);
    return sendPage(request, reply, t.account, (csrf) => accountPage({ language: request.language, csrf, userName: user.name, totp: stored?.totpSecret !== undefined, ...extra }), status);
  };

  /** Stops a guesser: the 429 page, or undefined when the attempt may go on. */
  const limited = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const state = await perUser(request);
    if (state.isAllowed || !state.isExceeded) return undefined;
    const m = messages(request);
    return reply
      .code(429)
      .header('retry-after', String(state.ttlInSeconds))
      .type('text/html; charset=utf-8')
      .send(problemPage(m, { title: m.problem.tooMany, text: m.problem.tooManyText }, { languageHref: languageHref(request), userName: signedIn(request).name, csrf: reply.generateCsrf() }));
  };

  const done = (request: FastifyRequest, reply: FastifyReply, message: string) => {
    request.session.flash = { ok: true, message, lines: [] };
    return reply.redirect('/account', 303);
  };

  app.get('/account', async (request, reply) => {
    const flash = request.session.flash;
    if (flash) request.session.flash = undefined;
    const setup = request.session.totpSetup;
    return show(request, reply, { notice: flash && { ok: flash.ok, text: flash.message }, setup: setup && Date.now() - setup.at < SETUP_MS ? {} : undefined });
  });

  app.post('/account/password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const t = usersTexts(request.language);
    const stopped = await limited(request, reply);
    if (stopped) return stopped;
    const user = signedIn(request);
    const problem = newPasswordProblem(t, field(request.body, 'password'), field(request.body, 'repeat'));
    const current = field(request.body, 'current');
    if (typeof current !== 'string' || !(await verifyPassword(current, user.passwordHash))) return show(request, reply, { passwordProblem: t.wrongPassword }, 422);
    if (problem) return show(request, reply, { passwordProblem: problem }, 422);
    const passwordHash = await hashPassword(field(request.body, 'password') as string);
    await store.update(user.name, { passwordHash });
    // Every other session of this user ends at its next request (their stamp is of the old hash); this one goes on.
    request.session.userStamp = sessionStamp(passwordHash);
    return done(request, reply, t.passwordChanged);
  });

  app.post('/account/totp/setup', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = signedIn(request);
    const secret = newTotpSecret();
    request.session.totpSetup = { secret: encryptSecret(secret, encryptionKey(options.env).key), at: Date.now() };
    return show(request, reply, { setup: { secret, uri: totpUri(secret, user.name) } });
  });

  app.post('/account/totp/confirm', { preHandler: app.csrfProtection }, async (request, reply) => {
    const t = usersTexts(request.language);
    const stopped = await limited(request, reply);
    if (stopped) return stopped;
    const user = signedIn(request);
    const setup = request.session.totpSetup;
    if (!setup || Date.now() - setup.at >= SETUP_MS) {
      request.session.totpSetup = undefined;
      return show(request, reply, { totpProblem: t.totpSetupExpired }, 422);
    }
    const code = typedCode(field(request.body, 'code'));
    const secret = decryptSecret(setup.secret, loadSecretKeyring(options.env));
    if (code === undefined || !usedTotpCodes.verify(user.name, secret, code)) return show(request, reply, { setup: {}, totpProblem: t.totpWrongCode }, 422);
    await store.update(user.name, { totpSecret: setup.secret });
    request.session.totpSetup = undefined;
    return done(request, reply, t.totpEnabled);
  });

  app.post('/account/totp/remove', { preHandler: app.csrfProtection }, async (request, reply) => {
    const t = usersTexts(request.language);
    const stopped = await limited(request, reply);
    if (stopped) return stopped;
    const user = signedIn(request);
    const password = field(request.body, 'password');
    if (typeof password !== 'string' || !(await verifyPassword(password, user.passwordHash))) return show(request, reply, { totpProblem: t.wrongPassword }, 422);
    await store.update(user.name, { totpSecret: null });
    return done(request, reply, t.totpRemoved);
  });
}

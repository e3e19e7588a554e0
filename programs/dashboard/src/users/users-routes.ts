/**
 * Gebruikers (`/users`) and its JSON twins under `/api/users`: an operator lists the users, invites
 * a new one by a link that works once for 7 days (by e-mail through the alerts' SMTP settings when
 * there are some and an address is given, else shown once), gives a new link to someone who did not
 * use theirs, and disables or enables a user (a disabled user's sessions end at their next request).
 * A tenant user gets the 404 of a page that is not theirs, and 403 from the API. Also registers
 * Mijn account and the invitation page.
 */
import { amsterdamTime } from '@koppelwerk/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DashboardContext, NotFoundError, sendPage, signedIn } from '../dashboard-context';
import type { StoredUser } from '../dashboard-users';
import type { Language } from '../messages/language';
import { registerAccountRoutes } from './account-routes';
import { invitationPath, newInvitation } from './invitation-token';
import type { InvitationMailer } from './invitation-mailer';
import { registerInvitationRoutes } from './invitation-routes';
import { inviteProblems, readInviteInput } from './invite-input';
import { UserTakenError, type UserStore } from './user-store';
import { invitationPage, usersPage, userStatus, type FieldProblem, type InvitationShown, type InviteForm } from './users-page';
import { usersTexts } from './users-texts';

export interface UserRouteOptions {
  store: UserStore;
  /** Sends invitations by e-mail (the alerts' SMTP settings); without it every link is shown once. */
  mailer?: InvitationMailer;
  /** Where the machine's secret key is found (for the TOTP secrets); default this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Attempts per IP address and per user in one window, for passwords and codes typed outside the login. */
  limits: { perIp: number; perUser: number; windowMs: number };
}

type Invited = { shown: InvitationShown } | { problems: FieldProblem[]; taken?: boolean };

function isOperator(request: FastifyRequest): boolean {
  return signedIn(request).role === 'operator';
}

function operatorPage(request: FastifyRequest): void {
  if (!isOperator(request)) throw new NotFoundError();
}

/** This dashboard's address as the asker reached it, for links in e-mails and on pages. */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** A user as the API shows it: never a hash, a token's hash or a secret. */
function publicUser(user: StoredUser, now: Date): Record<string, unknown> {
  const status = user.disabled ? 'disabled' : user.invitation ? (Date.parse(user.invitation.expiresAt) > now.getTime() ? 'invited' : 'invitation-expired') : 'active';
  return {
    name: user.name,
    role: user.role,
    ...(user.role === 'tenant' ? { tenants: user.tenants ?? [] } : {}),
    status,
    disabled: user.disabled === true,
    secondFactor: user.totpSecret !== undefined,
    lastLoginAt: user.lastLoginAt ?? null,
    ...(user.invitation ? { invitationExpiresAt: user.invitation.expiresAt } : {}),
    ...(user.createdBy !== undefined ? { createdBy: user.createdBy } : {}),
    ...(user.createdAt !== undefined ? { createdAt: user.createdAt } : {}),
  };
}

export function registerUserRoutes(app: FastifyInstance, ctx: DashboardContext, options: UserRouteOptions): void {
  const { store } = options;
  registerAccountRoutes(app, options);
  registerInvitationRoutes(app, options);

  const tenants = () => ctx.call(() => ctx.directory.tenants());

  /** Sends the link by e-mail when it can, else (or when sending fails) gives it to be shown once. */
  async function deliver(request: FastifyRequest, language: Language, user: { name: string; by: string; email?: string }, token: string, expiresAt: string): Promise<InvitationShown> {
    const t = usersTexts(language);
    const link = `${origin(request)}${invitationPath(token)}`;
    if (user.email && options.mailer) {
      try {
        await options.mailer.send({ to: user.email, subject: t.mailSubject, text: t.mailBody(user.name, user.by, link, amsterdamTime(expiresAt)) });
        return { name: user.name, expiresAt, mailedTo: user.email };
      } catch (error) {
        return { name: user.name, expiresAt, link, mailFailure: error instanceof Error ? error.message : 'SMTP' };
      }
    }
    return { name: user.name, expiresAt, link };
  }

  async function invite(request: FastifyRequest, form: InviteForm): Promise<Invited> {
    const t = usersTexts(request.language);
    const problems = inviteProblems(t, form, await tenants());
    if (problems.length > 0) return { problems };
    const by = signedIn(request).name;
    const invitation = newInvitation();
    try {
      await store.add({
        name: form.name,
        role: form.role as StoredUser['role'],
        ...(form.role === 'tenant' ? { tenants: form.tenants } : {}),
        invitation: { tokenHash: invitation.tokenHash, expiresAt: invitation.expiresAt },
        createdBy: by,
        createdAt: new Date().toISOString(),
      });
    } catch (error) {
      if (error instanceof UserTakenError) return { problems: [{ field: 'name', message: t.taken(form.name) }], taken: true };
      throw error;
    }
    return { shown: await deliver(request, request.language, { name: form.name, by, email: form.email || undefined }, invitation.token, invitation.expiresAt) };
  }

  /** A new link for someone who has not chosen a password yet (theirs expired, or got lost). */
  async function renew(request: FastifyRequest, name: string): Promise<InvitationShown | 'unknown' | 'not-pending'> {
    const user = await store.find(name);
    if (!user) return 'unknown';
    if (!user.invitation || user.disabled) return 'not-pending';
    const invitation = newInvitation();
    await store.update(user.name, { invitation: { tokenHash: invitation.tokenHash, expiresAt: invitation.expiresAt } });
    return deliver(request, request.language, { name: user.name, by: signedIn(request).name }, invitation.token, invitation.expiresAt);
  }

  async function setDisabled(request: FastifyRequest, name: string, disabled: boolean): Promise<StoredUser | 'unknown' | 'self'> {
    if (disabled && name.toLowerCase() === signedIn(request).name.toLowerCase()) return 'self';
    return (await store.update(name, { disabled })) ?? 'unknown';
  }

  const showUsers = async (request: FastifyRequest, reply: FastifyReply, extra: { form?: InviteForm; problems?: FieldProblem[] } = {}, status = 200) => {
    const [users, all] = await Promise.all([store.list(), tenants()]);
    const flash = request.session.flash;
    if (flash) request.session.flash = undefined;
    const t = usersTexts(request.language);
    return sendPage(
      request,
      reply,
      t.users,
      (csrf) => usersPage({ language: request.language, csrf, users, tenants: all, self: signedIn(request).name, notice: flash && { ok: flash.ok, text: flash.message }, ...extra }),
      status,
    );
  };

  app.get('/users', async (request, reply) => {
    operatorPage(request);
    return showUsers(request, reply);
  });

  app.post('/users/invite', { preHandler: app.csrfProtection }, async (request, reply) => {
    operatorPage(request);
    const form = readInviteInput(request.body);
    const result = await invite(request, form);
    if ('problems' in result) return showUsers(request, reply, { form, problems: result.problems }, 422);
    return sendPage(request, reply, usersTexts(request.language).invitationFor(form.name), () => invitationPage(request.language, result.shown));
  });

  app.post('/users/:name/invitation', { preHandler: app.csrfProtection }, async (request, reply) => {
    operatorPage(request);
    const t = usersTexts(request.language);
    const result = await renew(request, (request.params as { name: string }).name);
    if (result === 'unknown') throw new NotFoundError();
    if (result === 'not-pending') {
      request.session.flash = { ok: false, message: t.notPending, lines: [] };
      return reply.redirect('/users', 303);
    }
    return sendPage(request, reply, t.invitationFor(result.name), () => invitationPage(request.language, result));
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/users/:name/${action}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      operatorPage(request);
      const t = usersTexts(request.language);
      const result = await setDisabled(request, (request.params as { name: string }).name, disabled);
      if (result === 'unknown') throw new NotFoundError();
      request.session.flash = result === 'self' ? { ok: false, message: t.notYourself, lines: [] } : { ok: true, message: disabled ? t.disabledDone(result.name) : t.enabledDone(result.name), lines: [] };
      return reply.redirect('/users', 303);
    });

    app.post(`/api/users/:name/${action}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      if (!isOperator(request)) return reply.code(403).send({ error: 'only an operator can manage users' });
      const result = await setDisabled(request, (request.params as { name: string }).name, disabled);
      if (result === 'unknown') return reply.code(404).send({ error: 'no such user' });
      if (result === 'self') return reply.code(409).send({ error: 'you cannot disable yourself' });
      return publicUser(result, new Date());
    });
  }

  app.get('/api/users', async (request, reply) => {
    if (!isOperator(request)) return reply.code(403).send({ error: 'only an operator can manage users' });
    const now = new Date();
    const t = usersTexts(request.language);
    return { users: (await store.list()).map((user) => ({ ...publicUser(user, now), statusText: userStatus(t, user, now) })) };
  });

  app.post('/api/users/invite', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!isOperator(request)) return reply.code(403).send({ error: 'only an operator can manage users' });
    const form = readInviteInput(request.body);
    const result = await invite(request, form);
    if ('problems' in result) return reply.code(result.taken ? 409 : 422).send({ error: 'the invitation has problems', problems: result.problems.map((p) => ({ path: p.field, message: p.message })) });
    const { shown } = result;
    return reply.code(201).send({ name: shown.name, expiresAt: shown.expiresAt, ...(shown.link !== undefined ? { link: shown.link } : {}), ...(shown.mailedTo !== undefined ? { mailedTo: shown.mailedTo } : {}), ...(shown.mailFailure !== undefined ? { mailFailure: shown.mailFailure } : {}) });
  });

  app.post('/api/users/:name/invitation', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!isOperator(request)) return reply.code(403).send({ error: 'only an operator can manage users' });
    const result = await renew(request, (request.params as { name: string }).name);
    if (result === 'unknown') return reply.code(404).send({ error: 'no such user' });
    if (result === 'not-pending') return reply.code(409).send({ error: 'this user has chosen a password already (or is disabled): no invitation is open' });
    return reply.code(201).send({ name: result.name, expiresAt: result.expiresAt, link: result.link });
  });
}

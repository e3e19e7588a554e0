/**
 * The invitation page (`/invite/<token>`, public): the invitee chooses a password (at least 10
 * characters) and is logged in. The link works once and until it expires; a used, expired or unknown
 * link gets the same answer. Only the token's hash is looked up; attempts are rate-limited per IP
 * address as logins are.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messages } from '../dashboard-context';
import { hashPassword } from '../password-hash';
import { sendTooManyAttempts } from '../views/problem-page';
import { invitationTokenHash } from './invitation-token';
import { invalidInvitationPage, invitePage } from './invite-page';
import { newPasswordProblem } from './password-rules';
import { canLogIn } from '../dashboard-users';
import { signIn } from './user-session';
import type { UserRouteOptions } from './users-routes';
import { usersTexts } from './users-texts';

/** This page in the other language, relative: the token stays in the address and out of the page. */
function otherLanguage(request: FastifyRequest): string {
  return `?lang=${messages(request).otherLanguage.code}`;
}

export function registerInvitationRoutes(app: FastifyInstance, options: Pick<UserRouteOptions, 'store' | 'limits'>): void {
  const { store } = options;
  const perIp = app.createRateLimit({ max: options.limits.perIp, timeWindow: options.limits.windowMs, keyGenerator: (request) => `invite:${request.ip}` });

  const html = (reply: FastifyReply, status: number, text: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(text);

  const invalid = (request: FastifyRequest, reply: FastifyReply) => html(reply, 404, invalidInvitationPage({ m: messages(request), languageHref: otherLanguage(request) }));

  /** The user whose invitation this path's token opens, while it is valid. */
  const invitee = async (request: FastifyRequest) => {
    const tokenHash = invitationTokenHash((request.params as { token?: unknown }).token);
    const user = tokenHash === undefined ? undefined : await store.findByInvitation(tokenHash);
    if (!tokenHash || !user?.invitation || user.disabled || Date.parse(user.invitation.expiresAt) <= Date.now()) return undefined;
    return { user, tokenHash };
  };

  const form = (request: FastifyRequest, reply: FastifyReply, userName: string, status: number, problem?: string) =>
    html(reply, status, invitePage({ m: messages(request), languageHref: otherLanguage(request), csrf: reply.generateCsrf(), userName, problem }));

  app.get('/invite/:token', { config: { public: true } }, async (request, reply) => {
    const found = await invitee(request);
    if (!found) return invalid(request, reply);
    return form(request, reply, found.user.name, 200);
  });

  app.post('/invite/:token', { config: { public: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    const state = await perIp(request);
    if (!state.isAllowed && state.isExceeded) return sendTooManyAttempts(reply, messages(request), otherLanguage(request), state.ttlInSeconds);
    const found = await invitee(request);
    if (!found) return invalid(request, reply);
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const problem = newPasswordProblem(usersTexts(request.language), body.password, body.repeat);
    if (problem) return form(request, reply, found.user.name, 422, problem);
    const accepted = await store.acceptInvitation(found.tokenHash, await hashPassword(body.password as string), new Date());
    if (!canLogIn(accepted)) return invalid(request, reply);
    await signIn(request, store, accepted);
    return reply.redirect('/', 303);
  });
}

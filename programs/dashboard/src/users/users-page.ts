/**
 * Gebruikers (`/users`, operators only): every user with role, links, last login, second factor and
 * status, with Uitschakelen / Inschakelen, and the form that invites a new user; the page that shows
 * an invitation's link once. No page shows a password hash, a token's hash or a TOTP secret.
 */
import { amsterdamTime } from '@koppelwerk/runtime';
import type { StoredUser } from '../dashboard-users';
import { html, type SafeHtml } from '../html';
import type { Language } from '../messages/language';
import { usersTexts, type UsersTexts } from './users-texts';

export interface InviteForm {
  name: string;
  role: string;
  tenants: readonly string[];
  email: string;
}

export interface FieldProblem {
  field: 'name' | 'role' | 'tenants' | 'email' | '';
  message: string;
}

export interface UsersPageInput {
  language: Language;
  csrf: string;
  users: readonly StoredUser[];
  /** Every tenant, for the invitation's choice. */
  tenants: readonly string[];
  /** The asking operator (no Uitschakelen for themselves). */
  self: string;
  form?: InviteForm;
  problems?: readonly FieldProblem[];
  notice?: { ok: boolean; text: string };
  now?: Date;
}

/** A user's state in words. */
export function userStatus(t: UsersTexts, user: StoredUser, now: Date): string {
  if (user.disabled) return t.disabled;
  if (user.invitation) return Date.parse(user.invitation.expiresAt) > now.getTime() ? t.invitedUntil(amsterdamTime(user.invitation.expiresAt)) : t.invitationExpired;
  return t.active;
}

function actionForm(csrf: string, path: string, label: string): SafeHtml {
  return html`<form method="post" action="${path}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${label}</button></form>`;
}

function userRow(t: UsersTexts, input: UsersPageInput, user: StoredUser, now: Date): SafeHtml {
  const path = `/users/${encodeURIComponent(user.name)}`;
  const actions = [
    user.invitation && !user.disabled ? actionForm(input.csrf, `${path}/invitation`, t.newLink) : '',
    user.name.toLowerCase() === input.self.toLowerCase() ? '' : user.disabled ? actionForm(input.csrf, `${path}/enable`, t.enable) : actionForm(input.csrf, `${path}/disable`, t.disable),
  ];
  return html`<tr class="${user.disabled ? 'resolved' : ''}">
  <td>${user.name}${user.createdBy !== undefined && html`<br><span class="muted">${t.createdBy(user.createdBy)}</span>`}</td>
  <td>${t.roles[user.role]}</td>
  <td>${user.role === 'operator' ? html`<span class="muted">${t.allTenants}</span>` : (user.tenants ?? []).join(', ')}</td>
  <td>${user.lastLoginAt ? amsterdamTime(user.lastLoginAt) : html`<span class="muted">${t.never}</span>`}</td>
  <td>${user.totpSecret ? t.on : t.off}</td>
  <td>${userStatus(t, user, now)}</td>
  <td class="actions">${actions}</td>
</tr>`;
}

function problemAt(problems: readonly FieldProblem[], field: FieldProblem['field']): SafeHtml | '' {
  const found = problems.filter((p) => p.field === field);
  return found.length ? html`${found.map((p) => html`<p class="field-problem" role="alert">${p.message}</p>`)}` : '';
}

function inviteForm(t: UsersTexts, input: UsersPageInput): SafeHtml {
  const form = input.form ?? { name: '', role: 'tenant', tenants: [], email: '' };
  const problems = input.problems ?? [];
  const has = (field: FieldProblem['field']) => (problems.some((p) => p.field === field) ? 'field has-problem' : 'field');
  return html`<section class="invite">
  <h2>${t.invite}</h2>
  <p>${t.inviteIntro}</p>
  ${problems.length > 0 && html`<div class="notice bad form-problems" role="alert"><p>${t.problems}</p><ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul></div>`}
  <form method="post" action="/users/invite">
    <input type="hidden" name="_csrf" value="${input.csrf}">
    <div class="${has('name')}"><label for="invite-name">${t.name}</label>
      <input id="invite-name" name="name" required maxlength="64" autocomplete="off" value="${form.name}">
      <p class="help">${t.nameHelp}</p>${problemAt(problems, 'name')}</div>
    <fieldset class="${has('role')}"><legend>${t.role}</legend>
      <label class="check"><input type="radio" name="role" value="tenant"${form.role !== 'operator' ? html` checked` : ''}> ${t.roles.tenant} <span class="muted">(${t.roleTenantHelp})</span></label>
      <label class="check"><input type="radio" name="role" value="operator"${form.role === 'operator' ? html` checked` : ''}> ${t.roles.operator} <span class="muted">(${t.roleOperatorHelp})</span></label>
      ${problemAt(problems, 'role')}</fieldset>
    <fieldset class="${has('tenants')}"><legend>${t.tenants}</legend>
      <p class="help">${t.tenantsHelp}</p>
      ${input.tenants.map((tenant) => html`<label class="check"><input type="checkbox" name="tenants" value="${tenant}"${form.tenants.includes(tenant) ? html` checked` : ''}> ${tenant}</label>`)}
      ${problemAt(problems, 'tenants')}</fieldset>
    <div class="${has('email')}"><label for="invite-email">${t.email}</label>
      <input id="invite-email" name="email" type="email" maxlength="254" autocomplete="off" value="${form.email}">
      <p class="help">${t.emailHelp}</p>${problemAt(problems, 'email')}</div>
    <div class="wizard-buttons"><button type="submit" class="primary">${t.inviteButton}</button></div>
  </form>
</section>`;
}

export function usersPage(input: UsersPageInput): SafeHtml {
  const t = usersTexts(input.language);
  const now = input.now ?? new Date();
  return html`<h1>${t.users}</h1>
<p>${t.usersIntro}</p>
${input.notice && html`<div class="notice ${input.notice.ok ? 'good' : 'bad'}" role="status"><p>${input.notice.text}</p></div>`}
<table class="users">
  <thead><tr><th scope="col">${t.name}</th><th scope="col">${t.role}</th><th scope="col">${t.tenants}</th><th scope="col">${t.lastLogin}</th><th scope="col">${t.secondFactor}</th><th scope="col">${t.status}</th><th scope="col"></th></tr></thead>
  <tbody>${input.users.map((user) => userRow(t, input, user, now))}</tbody>
</table>
${inviteForm(t, input)}`;
}

export interface InvitationShown {
  name: string;
  expiresAt: string;
  /** The link, when it is shown here (not mailed, or mailing failed). */
  link?: string;
  mailedTo?: string;
  mailFailure?: string;
}

/** The one time an invitation's link is shown (or the word that it went by e-mail). */
export function invitationPage(language: Language, shown: InvitationShown): SafeHtml {
  const t = usersTexts(language);
  const until = amsterdamTime(shown.expiresAt);
  return html`<h1>${t.invitationFor(shown.name)}</h1>
${shown.mailedTo !== undefined && shown.link === undefined && html`<div class="notice good" role="status"><p>${t.mailed(shown.mailedTo, until)}</p></div>`}
${shown.link !== undefined &&
  html`<div class="notice ${shown.mailFailure !== undefined ? 'bad' : 'good'}" role="status">
  <p>${shown.mailFailure !== undefined ? t.mailFailed(shown.mailFailure) : t.linkOnce(until)}</p>
  <p><code class="invitation-link">${shown.link}</code></p>
  ${shown.mailFailure !== undefined && html`<p>${t.linkOnce(until)}</p>`}
</div>`}
<p><a href="/users">${t.backToUsers}</a></p>`;
}

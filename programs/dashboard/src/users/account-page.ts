/**
 * Mijn account (`/account`, every user): change the password (the current one first), and set up or
 * turn off the second factor. The TOTP secret and its otpauth link are shown once, on the page that
 * starts the set-up; from then on only the code form, until a code confirms it.
 */
import { html, type SafeHtml } from '../html';
import type { Language } from '../messages/language';
import { usersTexts, type UsersTexts } from './users-texts';

export interface AccountPageInput {
  language: Language;
  csrf: string;
  userName: string;
  totp: boolean;
  /** The result of the last step, shown on top. */
  notice?: { ok: boolean; text: string };
  /** A problem at the password form. */
  passwordProblem?: string;
  /** A problem at the second factor's forms. */
  totpProblem?: string;
  /** A set-up is going on: the code form (and, the one time, the secret and its link). */
  setup?: { secret?: string; uri?: string };
}

function passwordInput(name: string, label: string, autocomplete: string, help?: string): SafeHtml {
  return html`<div class="field"><label for="${name}">${label}</label>
  <input id="${name}" name="${name}" type="password" required maxlength="1024" autocomplete="${autocomplete}">
  ${help !== undefined && html`<p class="help">${help}</p>`}</div>`;
}

function problem(text: string | undefined): SafeHtml | '' {
  return text === undefined ? '' : html`<div class="notice bad" role="alert"><p>${text}</p></div>`;
}

function secondFactor(t: UsersTexts, input: AccountPageInput): SafeHtml {
  if (input.setup) {
    return html`<h2>${t.totpSetUp}</h2>
${input.setup.secret !== undefined &&
  html`<p>${t.totpSetUpIntro}</p>
<dl class="entry">
  <dt>${t.totpUri}</dt><dd><a href="${input.setup.uri ?? ''}"><code>${input.setup.uri ?? ''}</code></a></dd>
  <dt>${t.totpSecret}</dt><dd><code>${input.setup.secret}</code></dd>
</dl>`}
${problem(input.totpProblem)}
<form method="post" action="/account/totp/confirm">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <div class="field"><label for="code">${t.code}</label>
    <input id="code" name="code" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" autocomplete="one-time-code" required autofocus>
    <p class="help">${t.codeHelp}</p></div>
  <div class="wizard-buttons"><button type="submit" class="primary">${t.confirm}</button></div>
</form>
<form method="post" action="/account/totp/setup" class="inline"><input type="hidden" name="_csrf" value="${input.csrf}"><button type="submit" class="link">${t.totpStartAgain}</button></form>`;
  }
  if (input.totp) {
    return html`<h2>${t.secondFactor}</h2>
<p>${t.totpOn}</p>
${problem(input.totpProblem)}
<form method="post" action="/account/totp/remove">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <p class="help">${t.totpRemoveHelp}</p>
  ${passwordInput('password', t.password, 'current-password')}
  <div class="wizard-buttons"><button type="submit">${t.totpRemove}</button></div>
</form>`;
  }
  return html`<h2>${t.secondFactor}</h2>
<p>${t.totpOff}</p>
${problem(input.totpProblem)}
<form method="post" action="/account/totp/setup"><input type="hidden" name="_csrf" value="${input.csrf}"><button type="submit" class="primary">${t.totpSetUp}</button></form>`;
}

export function accountPage(input: AccountPageInput): SafeHtml {
  const t = usersTexts(input.language);
  return html`<h1>${t.account}: ${input.userName}</h1>
${input.notice && html`<div class="notice ${input.notice.ok ? 'good' : 'bad'}" role="status"><p>${input.notice.text}</p></div>`}
<section class="account-password">
<h2>${t.changePassword}</h2>
${problem(input.passwordProblem)}
<form method="post" action="/account/password">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <input type="hidden" name="username" value="${input.userName}" autocomplete="username">
  ${passwordInput('current', t.currentPassword, 'current-password')}
  ${passwordInput('password', t.newPassword, 'new-password', t.passwordHelp)}
  ${passwordInput('repeat', t.repeatPassword, 'new-password')}
  <div class="wizard-buttons"><button type="submit" class="primary">${t.changePassword}</button></div>
</form>
</section>
<section class="account-totp">
${secondFactor(t, input)}
</section>`;
}

/**
 * The pages people see before they are logged in: the invitation (`/invite/<token>`, choose a
 * password), a link that does not work, and the login's second step (the code from the app).
 */
import { html } from '../html';
import type { Messages } from '../messages/nl';
import { page } from '../views/layout';
import { MIN_PASSWORD_LENGTH } from './password-rules';
import { usersTexts } from './users-texts';

interface PublicPage {
  m: Messages;
  languageHref: string;
  csrf: string;
}

/** The page at the link: the token is in its address only (the form posts back to it, the language link is relative), never in the page. */
export function invitePage(input: PublicPage & { userName: string; problem?: string }): string {
  const t = usersTexts(input.m.lang);
  return page({
    m: input.m,
    title: t.welcome,
    languageHref: input.languageHref,
    body: html`<section class="login">
  <h1>${t.welcome}</h1>
  <p>${t.choosePassword(input.userName)}</p>
  ${input.problem !== undefined && html`<p class="notice bad" role="alert">${input.problem}</p>`}
  <form method="post">
    <input type="hidden" name="_csrf" value="${input.csrf}">
    <input type="hidden" name="username" value="${input.userName}" autocomplete="username">
    <label>${t.newPassword}<input name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="1024" autofocus></label>
    <p class="help">${t.passwordHelp}</p>
    <label>${t.repeatPassword}<input name="repeat" type="password" autocomplete="new-password" required maxlength="1024"></label>
    <button type="submit" class="primary">${t.saveAndLogIn}</button>
  </form>
</section>`,
  });
}

export function invalidInvitationPage(input: Omit<PublicPage, 'csrf'>): string {
  const t = usersTexts(input.m.lang);
  return page({
    m: input.m,
    title: t.linkInvalid,
    languageHref: input.languageHref,
    body: html`<section class="problem">
  <h1>${t.linkInvalid}</h1>
  <p>${t.linkInvalidText}</p>
  <p><a href="/login">${t.toLogin}</a></p>
</section>`,
  });
}

export function loginCodePage(input: PublicPage & { failed?: boolean }): string {
  const t = usersTexts(input.m.lang);
  return page({
    m: input.m,
    title: t.codeTitle,
    languageHref: input.languageHref,
    body: html`<section class="login">
  <h1>${t.codeTitle}</h1>
  <p>${t.codeIntro}</p>
  ${input.failed && html`<p class="notice bad" role="alert">${t.codeFailed}</p>`}
  <form method="post" action="/login/code">
    <input type="hidden" name="_csrf" value="${input.csrf}">
    <label>${t.code}<input name="code" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" autocomplete="one-time-code" required autofocus></label>
    <button type="submit" class="primary">${t.codeSubmit}</button>
  </form>
</section>`,
  });
}

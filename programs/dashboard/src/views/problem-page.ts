/** The login page and the pages that say something went wrong (never with a stack trace). */
import { html } from '../html';
import type { Messages } from '../messages/nl';
import type { CodedText } from '@koppelwerk/core';
import type { FastifyReply } from 'fastify';
import { page } from './layout';
import { storedText } from './stored-text';

export function loginPage(m: Messages, options: { csrf: string; languageHref: string; failed?: boolean; userName?: string }): string {
  return page({
    m,
    title: m.login.title,
    languageHref: options.languageHref,
    body: html`<section class="login">
  <h1>${m.login.title}</h1>
  ${options.failed && html`<p class="notice bad" role="alert">${m.login.failed}</p>`}
  <form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${options.csrf}">
    <label>${m.login.username}<input name="username" autocomplete="username" required maxlength="64" value="${options.userName ?? ''}" autofocus></label>
    <label>${m.login.password}<input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
    <button type="submit" class="primary">${m.login.submit}</button>
  </form>
</section>`,
  });
}

export interface Problem {
  title: string;
  text: string;
  /** A further line, e.g. the directory's (redacted) message. */
  detail?: string;
  /** `detail` by its catalogue code and params, for the page's language. */
  worded?: CodedText;
}

export function problemPage(m: Messages, problem: Problem, options: { languageHref: string; userName?: string; csrf?: string }): string {
  return page({
    m,
    title: problem.title,
    languageHref: options.languageHref,
    userName: options.userName,
    csrf: options.csrf,
    body: html`<section class="problem">
  <h1>${problem.title}</h1>
  <p>${problem.text}</p>
  ${problem.detail !== undefined && html`<p class="detail">${problem.worded ? storedText(m, { message: problem.detail, ...problem.worded }) : problem.detail}</p>`}
  <p><a href="/">${m.problem.home}</a></p>
</section>`,
  });
}

/** The 429 answer when a login or invitation limit is used up: when to try again, and a page that says so. */
export function sendTooManyAttempts(reply: FastifyReply, m: Messages, languageHref: string, retryAfterSeconds: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .type('text/html; charset=utf-8')
    .send(problemPage(m, { title: m.problem.tooMany, text: m.problem.tooManyText }, { languageHref }));
}

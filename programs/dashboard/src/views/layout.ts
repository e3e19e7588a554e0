/** The frame of every page: head, header with the user and the language switch, the main part. */
import { html, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';

export interface Frame {
  m: Messages;
  title: string;
  /** The logged-in user's name; absent on the login page and for visitors. */
  userName?: string;
  /** The logged-in user is an operator (the header links to Gebruikers). */
  operator?: boolean;
  /** A CSRF token for the logout form (with userName). */
  csrf?: string;
  /** This page in the other language. */
  languageHref: string;
  body: SafeHtml;
}

export function page(frame: Frame): string {
  const { m } = frame;
  return html`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · ${m.appName}</title>
<link rel="stylesheet" href="/static/dashboard.css">
<script src="/static/select-all.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">${m.appName}</a>
  <nav class="session">
    <a href="${frame.languageHref}" hreflang="${m.otherLanguage.code}" lang="${m.otherLanguage.code}">${m.otherLanguage.label}</a>
    ${frame.userName !== undefined &&
    html`${frame.operator && html`<a href="/users">${m.nav.users}</a>`}
    <a href="/account">${m.nav.account}</a>
    <span class="user">${m.signedInAs(frame.userName)}</span>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${frame.csrf ?? ''}"><button type="submit" class="link">${m.logout}</button></form>`}
  </nav>
</header>
<main>
${frame.body}
</main>
</body>
</html>
`.value;
}

/** Previous / next links and "page p of n" for a paged list. */
export function pager(m: Messages, pageNumber: number, pages: number, linkTo: (pageNumber: number) => string): SafeHtml {
  if (pages <= 1) return html``;
  return html`<nav class="pager">
  ${pageNumber > 1 ? html`<a href="${linkTo(pageNumber - 1)}" rel="prev">${m.paging.previous}</a>` : html`<span class="disabled">${m.paging.previous}</span>`}
  <span>${m.paging.page(pageNumber, pages)}</span>
  ${pageNumber < pages ? html`<a href="${linkTo(pageNumber + 1)}" rel="next">${m.paging.next}</a>` : html`<span class="disabled">${m.paging.next}</span>`}
</nav>`;
}

/**
 * What an operator sends to invite someone, from the form or as JSON: a name, a role, the links a
 * user may see and an optional e-mail address, checked in the asker's language, every problem at
 * its field. Anything that is no text counts as empty.
 */
import { USER_NAME } from '../dashboard-users';
import type { FieldProblem, InviteForm } from './users-page';
import type { UsersTexts } from './users-texts';

const EMAIL = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function texts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(list.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim()))].slice(0, 1000);
}

export function readInviteInput(body: unknown): InviteForm {
  const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return { name: text(b.name, 200), role: text(b.role, 20), tenants: texts(b.tenants), email: text(b.email, 300) };
}

/** The problems of an invitation; `tenants` are the links there are. */
export function inviteProblems(t: UsersTexts, form: InviteForm, tenants: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!USER_NAME.test(form.name)) problems.push({ field: 'name', message: t.badName });
  if (form.role !== 'operator' && form.role !== 'tenant') problems.push({ field: 'role', message: t.chooseRole });
  if (form.role === 'tenant') {
    if (form.tenants.length === 0) problems.push({ field: 'tenants', message: t.chooseTenants });
    for (const tenant of form.tenants) if (!tenants.includes(tenant)) problems.push({ field: 'tenants', message: t.unknownTenant(tenant) });
  }
  if (form.email !== '' && (form.email.length > 254 || !EMAIL.test(form.email))) problems.push({ field: 'email', message: t.badEmail });
  return problems;
}

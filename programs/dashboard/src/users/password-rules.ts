/** What a dashboard password must be: at least 10 characters, as `koppelwerk dashboard hash-password` requires, and at most 1024. */
import type { UsersTexts } from './users-texts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** What is wrong with a new password and its repetition, in the page's words; undefined when nothing is. */
export function newPasswordProblem(t: UsersTexts, password: unknown, repeat: unknown): string | undefined {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) return t.tooShort;
  if (password.length > MAX_PASSWORD_LENGTH) return t.tooLong;
  if (password !== repeat) return t.notSame;
  return undefined;
}

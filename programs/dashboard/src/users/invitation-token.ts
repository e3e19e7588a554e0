/**
 * Invitation links: `/invite/<token>`, the token 32 random bytes (base64url). Only its sha256 is
 * stored, so the users file or table alone does not open the link; the link works once and for 7 days.
 */
import { createHash, randomBytes } from 'node:crypto';

export const INVITATION_DAYS = 7;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface NewInvitation {
  /** The token for the link; shown once (or mailed), never stored. */
  token: string;
  tokenHash: string;
  expiresAt: string;
}

export function newInvitation(now: Date = new Date()): NewInvitation {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: invitationTokenHash(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000).toISOString() };
}

/** The stored form of a token (sha256, hex); undefined for anything that is no token. */
export function invitationTokenHash(token: string): string;
export function invitationTokenHash(token: unknown): string | undefined;
export function invitationTokenHash(token: unknown): string | undefined {
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  return createHash('sha256').update(token).digest('hex');
}

/** The link's path for a token. */
export function invitationPath(token: string): string {
  return `/invite/${token}`;
}

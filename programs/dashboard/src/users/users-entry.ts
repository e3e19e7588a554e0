/**
 * What the users folder gives the rest of the dashboard, and through the package's entry `serve`:
 * the user stores, opening the one `serve` uses, invitation e-mail, and the routes and session check
 * the server registers.
 */
export { type InvitationMail, type InvitationMailer } from './invitation-mailer';
export { INVITATION_DAYS, invitationTokenHash } from './invitation-token';
export { MemoryUserStore, userStoreOf } from './memory-user-store';
export { type OpenedUserStore, openUserStore, type UserStoreChoice } from './open-user-store';
export { MIN_PASSWORD_LENGTH } from './password-rules';
export { TOTP_ISSUER } from './totp';
export { sessionUser } from './user-session';
export { type UserPatch, type UserStore, UserTakenError } from './user-store';
export { UsersFileStore, type UsersFileStoreOptions } from './users-file-store';
export { registerUserRoutes, type UserRouteOptions } from './users-routes';
export { UsersTableStore, type UsersTableStoreOptions } from './users-table-store';
export { usersTexts, type UsersTexts } from './users-texts';

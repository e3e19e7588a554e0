/**
 * Why a file could not be read, in words, naming the absolute path that was tried: it does not
 * exist, it is a directory, no permission, or the system's code. Used for every file a tenant
 * needs (the tenant file, a `${file:..}` secret, the secret key file), so each says the same.
 */
import { FILE_MESSAGES, nestedParams, wordedBy, type MessageParams } from '@koppelwerk/core';

export const fileWorded = wordedBy(FILE_MESSAGES);

/** The reason as a coded text (FILE_REASON): its English, code and params. */
export function unreadableFileText(error: unknown, absolute: string): { code: string; params: MessageParams; message: string } {
  const systemCode = (error as NodeJS.ErrnoException | null)?.code ?? String((error as Error | null)?.message ?? error).split('\n')[0];
  return fileWorded.text('FILE_REASON', { systemCode, file: absolute });
}

/** The reason in English. */
export function unreadableFileReason(error: unknown, absolute: string): string {
  return unreadableFileText(error, absolute).message;
}

/** The reason nested under `reason` in the params of a text that says which file it was. */
export function reasonParams(error: unknown, absolute: string): MessageParams {
  const reason = unreadableFileText(error, absolute);
  return nestedParams('reason', { code: reason.code, params: reason.params, text: reason.message });
}

/**
 * Why a file could not be read, in words, naming the absolute path that was tried: it does not
 * exist, it is a directory, no permission, or the system's code. Used for every file a tenant
 * needs (the tenant file, a `${file:..}` secret, the secret key file), so each says the same.
 */
export function unreadableFileReason(error: unknown, absolute: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return `it does not exist (looked for ${absolute})`;
    case 'ENOTDIR':
      return `it does not exist: a folder on the way to ${absolute} is a file`;
    case 'EISDIR':
      return `${absolute} is a directory, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to read ${absolute} (${code})`;
    default:
      return `${absolute}: ${code ?? String((error as Error | null)?.message ?? error).split('\n')[0]}`;
  }
}
